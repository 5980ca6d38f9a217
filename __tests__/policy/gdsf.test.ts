import { buildPlan } from '../../src/plan/build.js';
import type { PlanOptions } from '../../src/plan/types.js';
import { gdsf, gdsfPriority, type GdsfState } from '../../src/policy/gdsf.js';
import { stateView } from '../../src/policy/state.js';
import type { RankContext } from '../../src/policy/strategy.js';
import { cand, names } from '../helpers/candidates.js';
import { DAY, MiB } from '../helpers/units.js';
import type { Usage } from '../../src/shared/types.js';

const now = 10 * DAY;

/** The rank context of a store that recorded these L values at the entries' last use (the root's L: `rootL`). */
const withBases = (bases: Record<string, number>, rootL = 0): RankContext<GdsfState> => ({
  now,
  state: stateView(gdsf.state!.initial, { root: { L: rootL }, atUse: new Map(Object.entries(bases).map(([name, L]) => [name, { L }])) }),
});

describe('gdsf', () => {
  it('priority is L + hits / size in MiB', () => {
    expect(gdsfPriority(cand('a', 2 * MiB, { lastUsedMs: 0, hits: 10 }), { now })).toBe(5);
    expect(gdsfPriority(cand('a', 2 * MiB, { lastUsedMs: 0, hits: 10 }), withBases({ a: 3 }))).toBe(8);
    expect(gdsfPriority(cand('empty', 0, { lastUsedMs: 0, hits: 1 }), { now })).toBe(MiB); // size 0 counts as 1 byte
  });

  it('keeps many small popular entries before one huge rarely used one', () => {
    const cs = [
      cand('small-1', MiB, { lastUsedMs: 1, hits: 10 }),
      cand('small-2', MiB, { lastUsedMs: 2, hits: 8 }),
      cand('huge', 1024 * MiB, { lastUsedMs: 3, hits: 100 }), // 100 / 1024 = 0.098
    ];
    expect(names(gdsf.rank(cs, { now }))).toEqual(['huge', 'small-2', 'small-1']);
  });

  it('ages: an entry used after L rose outranks an older one with more hits', () => {
    const cs = [
      cand('old-popular', MiB, { lastUsedMs: 1, hits: 5 }), // 0 + 5 = 5
      cand('used-lately', MiB, { lastUsedMs: 2, hits: 1 }), // 10 + 1 = 11
    ];
    expect(names(gdsf.rank(cs, withBases({ 'old-popular': 0, 'used-lately': 10 })))).toEqual(['old-popular', 'used-lately']);
  });

  it('breaks equal priorities by least recently used, then name', () => {
    const cs = [
      cand('c', 2 * MiB, { lastUsedMs: 50, hits: 2 }), // 1
      cand('b', MiB, { lastUsedMs: 50, hits: 1 }), // 1
      cand('a', MiB, { lastUsedMs: 70, hits: 1 }), // 1
    ];
    expect(names(gdsf.rank(cs, { now }))).toEqual(['b', 'c', 'a']);
  });

  it('decays hits with a half-life', () => {
    const old = cand('old', MiB, { lastUsedMs: 0, hitTimesMs: [0, 0, 0, 0] }); // 4 * 2^-10
    const recent = cand('recent', MiB, { lastUsedMs: 9 * DAY, hitTimesMs: [9 * DAY] }); // 0.5
    expect(gdsfPriority(old, { now, halfLifeMs: DAY })).toBeCloseTo(4 / 1024, 12);
    expect(names(gdsf.rank([old, recent], { now }))).toEqual(['recent', 'old']);
    expect(names(gdsf.rank([old, recent], { now, halfLifeMs: DAY }))).toEqual(['old', 'recent']);
  });

  it('with no hits at all ranks by recency (whatever the L bases) and says so', () => {
    const cs = [cand('b', MiB, { lastUsedMs: 200 }), cand('a', 10 * MiB, { lastUsedMs: 100 })];
    expect(names(gdsf.rank(cs, withBases({ b: 0, a: 7 })))).toEqual(['a', 'b']);
    expect(gdsf.note!(cs, { now })).toMatch(/^gdsf: no hits recorded yet/);
  });

  it('puts its fallback note in the plan', () => {
    const usage = new Map<string, Usage>();
    const cs = [cand('a', MiB, { lastUsedMs: 0 }), cand('b', MiB, { lastUsedMs: DAY })];
    for (const c of cs) usage.set(c.entry.name, c.usage);
    const opts: PlanOptions = {
      strategy: 'gdsf',
      trigger: { kind: 'size', threshold: MiB, target: MiB },
      defaultMaxAgeMs: DAY,
      minAgeMs: 0,
      stalePartialAgeMs: DAY,
      isProtected: () => false,
    };
    const plan = buildPlan(
      { root: '/srv/cache', layout: 'generic', entries: cs.map((c) => c.entry), usage, cacheBytes: 2 * MiB, disk: { usedBytes: 0, availableBytes: 0, usedPercent: 0 }, now },
      opts,
    );
    expect(plan.notes).toEqual([expect.stringMatching(/^gdsf: no hits recorded yet/)]);
    expect(plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name)).toEqual(['a']);
  });
});
