import { mergeFleet, type FleetDoc } from '../../src/report/fleet.js';
import { planDocSchema, type PlanDoc } from '../../src/report/plan-schema.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/formats/registry.js';
import { planToJson } from '../../src/report/json.js';
import { samplePlan } from '../helpers/ops-fixtures.js';

function doc(host: string | null, shortfall: number, extra: { failed?: number; exitCode?: number; root?: string } = {}): PlanDoc {
  const p = samplePlan();
  const plan = { ...p, root: extra.root ?? p.root, summary: { ...p.summary, shortfallBytes: shortfall } };
  const applied = { deleted: ['big-old'], skipped: [], failed: Array.from({ length: extra.failed ?? 0 }, (_, i) => ({ name: `f${i}`, error: 'EIO' })), freedBytes: 100, interrupted: false };
  const json = JSON.parse(JSON.stringify(planToJson(plan, { dryRun: false, applied, exitCode: extra.exitCode ?? 0, ...(host ? { host } : {}) })));
  return planDocSchema.parse(json);
}

/** A fleet document in the format a file of this name asks for. */
const renderFleet = (file: string, fleet: FleetDoc): string => renderReport(REPORT_FORMATS.formatOf(file, 'fleet'), 'fleet', fleet);

describe('mergeFleet', () => {
  const fleet = mergeFleet(
    [
      { file: 'a.json', doc: doc('alpha', 0), fallbackName: 'a' },
      { file: 'b.json', doc: doc('bravo', 5 * 2 ** 30, { exitCode: 5 }), fallbackName: 'b' },
      { file: 'c.json', doc: doc('charlie', 0, { failed: 2, exitCode: 4 }), fallbackName: 'c' },
      { file: 'd.json', doc: doc('delta', 2 ** 30, { exitCode: 5 }), fallbackName: 'd' },
      { file: 'reports/echo.json', doc: doc(null, 0), fallbackName: 'echo' },
    ],
    Date.UTC(2025, 0, 2),
  );

  test('a row per node: shortfalls first (largest first), then failures, then by name', () => {
    expect(fleet.nodes.map((n) => n.node)).toEqual(['bravo', 'delta', 'charlie', 'alpha', 'echo']);
  });

  test('a node without a host name is named after its file', () => {
    expect(fleet.nodes.find((n) => n.file === 'reports/echo.json')!.node).toBe('echo');
  });

  test('totals', () => {
    expect(fleet.totals).toMatchObject({ nodes: 5, shortfallNodes: 2, failedNodes: 1, evictCount: 10, freedBytes: 500, shortfallBytes: 6 * 2 ** 30 });
  });

  test('every format renders every node', () => {
    const html = renderFleet('fleet.html', fleet);
    expect(html).toContain('<svg id="chart-fleet-disk"');
    expect(html).toContain('<table id="nodes"');
    expect((html.match(/<tr class="shortfall">/g) ?? []).length).toBe(2);
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
    const md = renderFleet('fleet.md', fleet);
    expect(md.split('\n').filter((l: string) => l.startsWith('| ') && !l.startsWith('| node') && !l.startsWith('| ---')).length).toBe(5);
    expect(md.indexOf('bravo')).toBeLessThan(md.indexOf('alpha'));
    expect(renderFleet('fleet.csv', fleet).split('\r\n').length).toBe(1 + 5 + 1);
    expect(JSON.parse(renderFleet('fleet.json', fleet)).totals.nodes).toBe(5);
  });
});

describe('planDocSchema (what report merge reads)', () => {
  test('refuses what is not a schema-1 plan', () => {
    expect(planDocSchema.safeParse({ schema: 2 }).success).toBe(false);
    expect(planDocSchema.safeParse({ ...doc('a', 0), summary: undefined }).success).toBe(false);
  });
});
