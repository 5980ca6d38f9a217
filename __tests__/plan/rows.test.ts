/**
 * A plan's kept entries are codes made into objects when read (src/plan/rows.ts). What a reader sees must not depend
 * on how it reads: the rows walked, taken one by one, the array `plan.entries` made from them, a copy of the plan,
 * its JSON text. Random caches of every kind of kept entry (in use, pinned, protected, unknown, partial, too young,
 * linked by hard links, excluded, capped, an interrupted deletion held back), plain and manual plans.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import { planRows } from '../../src/plan/rows.js';
import type { InterruptedDeletion, Plan, PlanInput } from '../../src/plan/types.js';
import type { Entry, LinkGroup } from '../../src/shared/types.js';
import { NOW, makeEntry, makeInput, makeOptions, usageOf } from '../helpers/fixtures.js';
import { DAY, MINUTE, MiB } from '../helpers/units.js';

const SEED = Number(process.env.FC_SEED ?? 20261207);

const arbSpec = fc.record({
  idleMs: fc.constantFrom(MINUTE, 2 * DAY, 40 * DAY),
  mib: fc.integer({ min: 1, max: 50 }),
  what: fc.constantFrom('plain', 'plain', 'plain', 'in-use', 'pinned', 'pinned-until', 'protected', 'unknown', 'partial', 'excluded', 'interrupted'),
  linked: fc.boolean(),
});

type Spec = typeof arbSpec extends fc.Arbitrary<infer T> ? T : never;

function inputOf(specs: readonly Spec[]): { input: PlanInput; protect: Set<string>; exclude: Set<string> } {
  const entries: Entry[] = specs.map((s, i) => {
    const e = makeEntry(`e${String(i).padStart(3, '0')}`, { bytes: s.mib * MiB, idleMs: s.idleMs, partial: s.what === 'partial', ...(s.what === 'unknown' ? { unknownWhy: 'odd' } : {}) });
    return s.linked && i % 2 === 0 ? { ...e, link: { group: 0, privateBytes: 0 } } : e;
  });
  const linked = entries.filter((e) => e.link).map((e) => e.name);
  const overrides: Record<string, { inUse?: string[]; pinned?: boolean; pinnedUntilMs?: number }> = {};
  const interrupted = new Map<string, InterruptedDeletion>();
  const protect = new Set<string>();
  const exclude = new Set<string>();
  specs.forEach((s, i) => {
    const name = entries[i]!.name;
    if (s.what === 'in-use') overrides[name] = { inUse: ['pid 7 has it open'] };
    if (s.what === 'pinned') overrides[name] = { pinned: true };
    if (s.what === 'pinned-until') overrides[name] = { pinned: true, pinnedUntilMs: NOW + DAY };
    if (s.what === 'protected') protect.add(name);
    if (s.what === 'excluded') exclude.add(name);
    if (s.what === 'interrupted') {
      interrupted.set(name, { runId: 3, sinceMs: NOW - DAY, reason: 'expired', strategy: 'age', plannedNodes: 9 });
      if (i % 3 === 0) overrides[name] = { inUse: ['held'] }; // kept half-deleted: a planned object held whole
    }
  });
  const groups: LinkGroup[] = linked.length > 0 ? [{ members: linked, inodes: [{ bytes: MiB, holders: linked }] }] : [];
  const base = makeInput(entries, { usage: usageOf(entries, overrides) });
  return { input: { ...base, linkGroups: groups, interrupted }, protect, exclude };
}

const arbCase = fc.record({
  specs: fc.array(arbSpec, { minLength: 0, maxLength: 40 }),
  strategy: fc.constantFrom('age', 'lru', 'size'),
  trigger: fc.constantFrom('none', 'size'),
  maxDelete: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  manual: fc.boolean(),
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function planOf(c: Case): Plan {
  const { input, protect, exclude } = inputOf(c.specs);
  const total = input.entries.reduce((s, e) => s + e.bytes, 0);
  const opts = makeOptions({
    strategy: c.strategy,
    trigger: c.trigger === 'size' ? { kind: 'size', threshold: Math.floor(total / 2), target: Math.floor(total / 3) } : { kind: 'none' },
    isProtected: (n) => protect.has(n),
    ...(exclude.size > 0 ? { isIncluded: (n: string) => !exclude.has(n) } : {}),
    ...(c.maxDelete !== undefined ? { maxDelete: { entries: c.maxDelete } } : {}),
    ...(c.manual ? { selection: { names: input.entries.filter((_, i) => i % 2 === 0).map((e) => e.name), globs: [], all: false, forceYoung: false } } : {}),
  });
  return buildPlan(input, opts);
}

it('the rows, read any way, are the entries: walked, one by one, as the array, in a copy and in JSON', () => {
  fc.assert(
    fc.property(arbCase, (c) => {
      const plan = planOf(c);
      const rows = plan.rows!;
      expect(rows).toBeDefined();
      const walked = [...rows];
      expect(walked.length).toBe(rows.length);
      expect(rows.length).toBe(plan.summary.evictCount + plan.summary.keepCount);
      expect(walked.map((_, k) => rows.at(k))).toEqual(walked);
      expect(rows.at(rows.length)).toBeUndefined();
      expect(rows.at(-1)).toBeUndefined();
      // The victims come first, equal to the walk's and with its very entries (the journal knows a victim by its entry).
      const victims = rows.victims();
      expect(victims.length).toBe(plan.summary.evictCount);
      victims.forEach((v, k) => {
        expect(walked[k]).toEqual(v);
        expect(walked[k]!.entry).toBe(v.entry);
      });
      expect(walked.slice(victims.length).every((p) => p.decision === 'keep')).toBe(true);
      // Read again, a kept entry is a new object with the same fields.
      expect([...rows]).toEqual(walked);
      // The array, made when first read, in its place among the keys and then kept.
      expect(Object.keys(plan)).toContain('entries');
      expect(plan.entries).toEqual(walked);
      expect(plan.entries).toBe(plan.entries);
      expect(JSON.parse(JSON.stringify(plan)).rows).toBeUndefined();
      const copy = { ...plan };
      expect(copy.entries).toEqual(walked);
      expect(copy.rows).toBeUndefined();
      expect([...planRows(copy)]).toEqual(walked);
      expect(planRows(copy).victims()).toEqual(victims);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

it('setting the entries drops the rows: a reader then walks what was set', () => {
  const plan = planOf({ specs: [{ idleMs: 40 * DAY, mib: 1, what: 'plain', linked: false }, { idleMs: MINUTE, mib: 1, what: 'plain', linked: false }], strategy: 'age', trigger: 'none', maxDelete: undefined, manual: false });
  expect(plan.rows?.length).toBe(2);
  const [first] = plan.entries;
  plan.entries = [first!];
  expect(plan.rows).toBeUndefined();
  expect([...planRows(plan)]).toEqual([first]);
});
