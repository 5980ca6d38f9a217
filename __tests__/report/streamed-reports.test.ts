import fc from 'fast-check';
import type { Applied } from '../../src/apply/apply.js';
import type { Plan, PlannedEntry } from '../../src/plan/types.js';
import { jsonFormat } from '../../src/report/formats/json.js';
import { planReport, REPORT_FORMATS, renderReport } from '../../src/report/formats/registry.js';
import { planToJson, type PlanDocExtra } from '../../src/report/json.js';
import type { Reason } from '../../src/shared/types.js';
import { csvText, markdownText } from '../helpers/plan-reports.js';
import { planToCsv, planToMarkdown } from '../helpers/report-oracles.js';
import { samplePlan } from '../helpers/ops-fixtures.js';

/** Where two texts first differ (-1: equal), with what is around it: a readable failure even for megabytes. */
function firstDifference(a: string, b: string): { at: number; got: string; want: string } {
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  if (at === a.length && at === b.length) return { at: -1, got: '', want: '' };
  return { at, got: a.slice(Math.max(0, at - 40), at + 40), want: b.slice(Math.max(0, at - 40), at + 40) };
}
const same = { at: -1, got: '', want: '' };

/** The streamed reports against the ones rendered whole from the plan's document, as they were before streaming. */
function expectSameReports(plan: Plan, extra: PlanDocExtra): void {
  const doc = planToJson(plan, extra);
  expect(firstDifference(csvText(plan, extra), planToCsv(doc))).toEqual(same);
  expect(firstDifference(markdownText(plan, extra), planToMarkdown(doc))).toEqual(same);
}

const FORMULAS = ['=1+2', '+SUM(1)', '-2+3', '@x', '=cmd|" -C calc"!A0', '\t=1+2', '\r=1+2', '\uff1d1+2', '\uff0b1', '\uff0d1', '\uff201'];
/** Names a spreadsheet, a CSV reader or a Markdown table would take for something else, and names that need nothing. */
const ODD = ['', ' ', ' lead', 'trail ', 'a;b', 'a,b', 'say "hi"', 'back\\slash', 'new\nline', 'tab\there', '\u202e', '\ud800', '\u00a0nbsp', 'x\u3000', 'plain-name_1.img', 'a|b*c_d', '#1', "it's"];
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string16bits(),
  fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', '=', '+', '-', '@', '\\', '\t', '\r', '\n', '\uff1d', '|') }),
  fc.constantFrom(...FORMULAS, ...ODD),
);
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, NaN, Infinity, -Infinity, 2 ** 53, 1e21, 0.5));
const REASONS: Reason[] = ['expired', 'over-threshold', 'capped', 'in-use', 'pinned', 'protected', 'too-young', 'target-met', 'not-expired'];

const entryArb = fc.record({
  at: fc.nat(),
  name: text,
  cls: text,
  bytes: num,
  apparent: num,
  // a Date's range: iso() throws past it, whatever renders it
  lastUsed: fc.oneof(fc.integer({ min: -1e15, max: 8.64e15 }), fc.constantFrom(0, -0, NaN, Infinity, 1.5, 253_402_300_800_000)),
  idle: num,
  hits: num,
  inUse: fc.array(text, { maxLength: 3 }),
  pinned: fc.boolean(),
  evict: fc.boolean(),
  reason: fc.oneof(fc.constantFrom(...REASONS), text),
  detail: fc.option(text, { nil: undefined }),
  order: fc.option(fc.oneof(fc.nat(), num), { nil: undefined }),
});
type Row = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

function plannedOf(base: Plan, r: Row): PlannedEntry {
  const p = base.entries[r.at % base.entries.length]!;
  return {
    ...p,
    entry: { ...p.entry, name: r.name, class: r.cls, bytes: r.bytes, apparentBytes: r.apparent },
    usage: { ...p.usage, lastUsedMs: r.lastUsed, hits: r.hits, inUse: r.inUse, pinned: r.pinned },
    idleMs: r.idle,
    decision: r.evict ? 'evict' : 'keep',
    reason: r.reason as Reason,
    detail: r.detail,
    order: r.order,
  };
}

/** Outcomes of some of the entries (and of names the plan does not have), each possibly more than once. */
const appliedArb = (names: string[]): fc.Arbitrary<Applied | undefined> => {
  const name = names.length > 0 ? fc.oneof(fc.constantFrom(...names), text) : text;
  return fc.option(
    fc.record({
      deleted: fc.array(name, { maxLength: 6 }),
      skipped: fc.array(fc.record({ name, why: text }), { maxLength: 4 }),
      failed: fc.array(fc.record({ name, error: text }), { maxLength: 4 }),
      freedBytes: num,
      interrupted: fc.boolean(),
    }),
    { nil: undefined },
  );
};

describe('the streamed CSV and Markdown plan reports', () => {
  test('are the bytes of the reports made whole from the plan document, whatever the names, lists, outcomes and numbers', () => {
    const base = samplePlan();
    const scenario = fc.array(entryArb, { maxLength: 10 }).chain((rows) =>
      fc.record({
        rows: fc.constant(rows),
        applied: appliedArb(rows.map((r) => r.name)),
        host: fc.option(text, { nil: undefined }),
        dryRun: fc.boolean(),
        exitCode: fc.option(fc.nat({ max: 200 }), { nil: undefined }),
        warnings: fc.array(text, { maxLength: 2 }),
      }),
    );
    fc.assert(
      fc.property(scenario, (s) => {
        const plan = { ...base, entries: s.rows.map((r) => plannedOf(base, r)) };
        const extra: PlanDocExtra = { dryRun: s.dryRun, warnings: s.warnings, ...(s.applied ? { applied: s.applied } : {}), ...(s.host !== undefined ? { host: s.host } : {}), ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}) };
        expectSameReports(plan, extra);
      }),
      { numRuns: 300 },
    );
  });

  test('a plan without entries, and a dry run and a clean of the sample plan', () => {
    const plan = samplePlan();
    const applied: Applied = { deleted: ['big-old'], skipped: [{ name: 'mid', why: 'changed since planned' }], failed: [], freedBytes: 1, interrupted: true };
    expectSameReports({ ...plan, entries: [] }, { dryRun: true });
    expectSameReports(plan, { dryRun: true, host: 'node-7', exitCode: 5 });
    expectSameReports(plan, { dryRun: false, applied, host: 'node-7', exitCode: 4, warnings: ['w'] });
  });

  test('come in chunks of about a megabyte, each ending a line, past a thousand victims and kept entries', () => {
    const base = samplePlan();
    const entries = Array.from({ length: 40_000 }, (_, i) => {
      const p = base.entries[i % base.entries.length]!;
      return { ...p, entry: { ...p.entry, name: `${ODD[i % ODD.length]}-entry-with-a-longish-name-${i}` } };
    });
    const plan = { ...base, entries };
    const applied: Applied = { deleted: entries.filter((_, i) => i % 3 === 0).map((p) => p.entry.name), skipped: [], failed: [{ name: entries[1]!.entry.name, error: 'EIO' }], freedBytes: 0, interrupted: false };
    const extra = { dryRun: false, applied, host: 'node-7' };
    const src = { plan, extra };
    for (const format of [REPORT_FORMATS.formatOf('a.csv', 'plan'), REPORT_FORMATS.formatOf('a.md', 'plan')]) {
      const parts = [...format.stream!.plan(src)];
      expect(parts.length).toBeGreaterThan(1);
      for (const c of parts.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1 << 20);
      for (const c of parts) expect(c).toMatch(/\n$/);
    }
    expectSameReports(plan, extra);
  });
});

describe('which plan reports stream', () => {
  const plan = samplePlan();
  const extra = { dryRun: true, host: 'node-7', exitCode: 0 };

  test('JSON, Markdown and CSV are written from the plan, without its document; HTML from the document, made once', () => {
    let made = 0;
    const docOf = () => (made++, planToJson(plan, extra));
    for (const file of ['a.json', 'a.md', 'a.csv']) [...planReport(REPORT_FORMATS.formatOf(file, 'plan'), { plan, extra }, docOf)];
    expect(made).toBe(0);
    const html = [...planReport(REPORT_FORMATS.formatOf('a.html', 'plan'), { plan, extra }, docOf)].join('');
    expect(made).toBe(1);
    expect(html).toBe(renderReport(REPORT_FORMATS.formatOf('a.html', 'plan'), 'plan', planToJson(plan, extra)));
  });

  test('the streamed JSON report is the JSON report of the document', () => {
    const applied: Applied = { deleted: ['big-old'], skipped: [], failed: [{ name: 'mid', error: 'EIO' }], freedBytes: 1, interrupted: false };
    for (const x of [extra, { dryRun: false, applied, exitCode: 4 }]) {
      const streamed = [...jsonFormat.stream!.plan({ plan, extra: x })].join('');
      expect(firstDifference(streamed, renderReport(jsonFormat, 'plan', planToJson(plan, x)))).toEqual(same);
    }
  });
});
