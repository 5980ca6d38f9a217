import { planToJson } from '../../src/report/json.js';
import type { ReportFormat } from '../../src/report/formats/format.js';
import { formatRegistry, REPORT_FORMATS, renderReport } from '../../src/report/formats/registry.js';
import { UnknownNameError } from '../../src/shared/errors.js';
import { samplePlan } from '../helpers/ops-fixtures.js';

const doc = planToJson(samplePlan(), { dryRun: true, host: 'node-7' });

describe('the report format registry', () => {
  test('extensions: lower case, with the dot, each claimed by one format', () => {
    const all = REPORT_FORMATS.formats.flatMap((f) => f.extensions);
    for (const e of all) expect(e).toMatch(/^\.[a-z0-9]+$/);
    expect(new Set(all).size).toBe(all.length);
  });

  test('which formats show which documents', () => {
    const names = (kind: 'plan' | 'fleet' | 'simulate'): string[] => REPORT_FORMATS.formatsFor(kind).map((f) => f.name);
    expect(names('plan')).toEqual(['json', 'md', 'csv', 'html']);
    expect(names('fleet')).toEqual(['json', 'md', 'csv', 'html']);
    expect(names('simulate')).toEqual(['json', 'csv', 'html']);
    expect(REPORT_FORMATS.extensionsFor('simulate')).toEqual(['.json', '.csv', '.html']);
  });

  test('a format that cannot show a document is refused for it like an unknown extension', () => {
    expect(() => REPORT_FORMATS.formatOf('sim.md', 'simulate')).toThrow(new UnknownNameError('simulate report format', '.md', ['.json', '.csv', '.html', '.htm']));
    expect(() => renderReport(REPORT_FORMATS.formatOf('a.md', 'plan'), 'simulate', {} as never)).toThrow('report format md cannot show a simulate document');
  });

  test('adding a format is one file (this object) and one line (the list): lookup, lists and rendering follow', () => {
    // What a new file in src/report/formats/ would export:
    const textFormat: ReportFormat = {
      name: 'text',
      extensions: ['.txt', '.text'],
      render: { plan: (d) => d.entries.map((e) => `${e.decision} ${e.name}`).join('\n') + '\n' },
      isOwn: (head) => /^(keep|evict) /.test(head),
    };
    // ... and the one line added to the list in registry.ts:
    const registry = formatRegistry([...REPORT_FORMATS.formats, textFormat]);
    expect(registry.extensionsFor('plan')).toEqual(['.json', '.md', '.csv', '.html', '.txt']);
    expect(registry.formatOf('PLAN.TEXT', 'plan')).toBe(textFormat);
    expect(renderReport(registry.formatOf('x.txt', 'plan'), 'plan', doc)).toBe(`${doc.entries.map((e) => `${e.decision} ${e.name}`).join('\n')}\n`);
    expect(() => registry.formatOf('x.txt', 'fleet')).toThrow("unknown fleet report format '.txt' (choose .json, .md, .markdown, .csv, .html, .htm)");
    expect(() => REPORT_FORMATS.formatOf('x.txt', 'plan')).toThrow(UnknownNameError);
  });
});
