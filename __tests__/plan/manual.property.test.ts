/**
 * The manual eviction's plan (plan/manual.ts), on random caches and selections: every entry once; the victims are
 * exactly the selected entries nothing keeps safe; a selected entry kept has the reason computed here from its
 * inputs; an entry not selected is never judged; --force-young changes nothing but `too-young`.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import { unmatched } from '../../src/plan/manual.js';
import type { Plan, Selection } from '../../src/plan/types.js';
import { makeEntry, makeInput, makeOptions, makeUsage } from '../helpers/fixtures.js';
import { DAY, HOUR, MINUTE as MIN } from '../helpers/units.js';

const IDLES = [0, 1, 10 * MIN - 1, 10 * MIN, HOUR, DAY - 1, DAY, 3 * DAY];
const arbSpec = fc.record({
  idleMs: fc.oneof(fc.constantFrom(...IDLES), fc.integer({ min: 0, max: 5 * DAY })),
  partial: fc.boolean(),
  unknown: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  inUse: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  pinned: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  prot: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  selected: fc.boolean(),
});
const arbCase = fc.record({
  specs: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), arbSpec), { maxLength: 25, selector: ([n]) => n }),
  all: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  forceYoung: fc.boolean(),
  minAgeMs: fc.constantFrom(0, 10 * MIN, 2 * DAY),
});
type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function planOf(c: Case, forceYoung = c.forceYoung): Plan {
  const entries = c.specs.map(([n, s]) => makeEntry(n, { idleMs: s.idleMs, partial: s.partial, ...(s.unknown ? { unknownWhy: 'symlink' } : {}) }));
  const usage = new Map(c.specs.map(([n, s]) => [n, makeUsage({ idleMs: s.idleMs, inUse: s.inUse ? ['open by pid 1'] : [], pinned: s.pinned })]));
  const prot = new Set(c.specs.filter(([, s]) => s.prot).map(([n]) => n));
  const selection: Selection = { names: c.specs.filter(([, s]) => s.selected).map(([n]) => n), globs: [], all: c.all, forceYoung };
  return buildPlan(makeInput(entries, { usage }), makeOptions({ minAgeMs: c.minAgeMs, isProtected: (n) => prot.has(n), selection }));
}

/** What the operator's request comes to for one entry, from its inputs alone. */
function expected(c: Case, s: Case['specs'][number][1], forceYoung: boolean): string {
  if (!c.all && !s.selected) return 'keep not-requested';
  if (s.inUse) return 'keep in-use';
  if (s.pinned) return 'keep pinned';
  if (s.prot) return 'keep protected';
  if (s.unknown) return 'keep unknown';
  if (s.partial) return s.idleMs >= Math.max(DAY, c.minAgeMs) ? 'evict requested' : 'keep partial';
  if (!forceYoung && s.idleMs < c.minAgeMs) return 'keep too-young';
  return 'evict requested';
}

describe('manual eviction plan', () => {
  it('decides every entry once, as its inputs say', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = planOf(c);
        expect(plan.entries.map((p) => p.entry.name).sort()).toEqual(c.specs.map(([n]) => n).sort());
        const got = Object.fromEntries(plan.entries.map((p) => [p.entry.name, `${p.decision} ${p.reason}`]));
        expect(got).toEqual(Object.fromEntries(c.specs.map(([n, s]) => [n, expected(c, s, c.forceYoung)])));
        const victims = plan.entries.filter((p) => p.decision === 'evict');
        expect(victims.map((v) => v.order)).toEqual(victims.map((_, i) => i + 1));
        expect(plan.summary.evictBytes).toBe(victims.reduce((a, v) => a + v.entry.bytes, 0));
        expect(plan.selection).toEqual({ byName: !c.all });
      }),
      { numRuns: 300 },
    );
  });

  it('--force-young turns too-young into requested, and changes nothing else', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const before = planOf(c, false);
        const after = new Map(planOf(c, true).entries.map((p) => [p.entry.name, `${p.decision} ${p.reason}`]));
        for (const p of before.entries) {
          const now = after.get(p.entry.name);
          if (p.reason === 'too-young') expect(now).toBe('evict requested');
          else expect(now).toBe(`${p.decision} ${p.reason}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('unmatched: a name or glob is reported exactly when no entry answers it; --all never', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 6 }), fc.array(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 4 }), (have, asked) => {
        const entries = have.map((n) => makeEntry(n));
        const sel: Selection = { names: asked, globs: [{ glob: 'a*', matches: (n) => n.startsWith('a') }], all: false, forceYoung: false };
        const miss = unmatched(sel, entries);
        const want = asked.filter((n) => !have.includes(n)).map((n) => `'${n}' is not an entry of the cache`);
        if (!have.some((n) => n.startsWith('a'))) want.push("--match 'a*' matches no entry");
        expect(miss).toEqual(want);
        expect(unmatched({ ...sel, all: true }, entries)).toEqual([]);
      }),
    );
  });
});

