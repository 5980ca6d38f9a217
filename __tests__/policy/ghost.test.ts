import { buildPlan } from '../../src/plan/build.js';
import type { PlannedEntry } from '../../src/plan/types.js';
import { ghost, ghostKey, onProbation, GHOST_INITIAL, TAU_WINDOW, type GhostContext, type GhostState } from '../../src/policy/ghost.js';
import { stateView } from '../../src/policy/state.js';
import type { Usage } from '../../src/shared/types.js';
import { cand, names } from '../helpers/candidates.js';
import { fakeEntry } from '../helpers/fixtures.js';
import { HOUR, MiB } from '../helpers/units.js';

const now = 100 * HOUR;

/**
 * The context of a store whose ghost state is `tau` now, and was `atUse[name]` at each entry's last use (default:
 * now); tauMain is `main` times tau (by default the same), so that a test tells which of the two a rule reads.
 */
const ctxOf = (tau: number, atUse: Record<string, number> = {}, cacheBytes?: number, main = 1): GhostContext => ({
  now,
  ...(cacheBytes !== undefined ? { cacheBytes } : {}),
  state: stateView(GHOST_INITIAL, {
    root: { tau, n: 10, tauMain: main * tau, nMain: 5 },
    atUse: new Map(Object.entries(atUse).map(([k, t]) => [k, { tau: t, n: 1, tauMain: main * t, nMain: 1 }])),
  }),
});

describe('ghost', () => {
  it('entries used once leave first, oldest first, while they hold more than 10% of the cache', () => {
    const cs = [
      cand('popular', MiB, { lastUsedMs: now - 50 * HOUR, hits: 9 }),
      cand('once-old', MiB, { lastUsedMs: now - 3 * HOUR, hits: 1 }),
      cand('once-new', MiB, { lastUsedMs: now - 1 * HOUR, hits: 0 }),
    ];
    // 2 MiB of 15 MiB on probation: more than 10%, until the oldest goes (1 MiB of 14); then by key (last use + tau x uses)
    expect(names(ghost.rank(cs, ctxOf(HOUR, {}, 15 * MiB)))).toEqual(['once-old', 'popular', 'once-new']);
    // probation within its share: the oldest key goes first, even one used often
    expect(names(ghost.rank(cs, ctxOf(HOUR, {}, 100 * MiB)))).toEqual(['popular', 'once-old', 'once-new']);
    // without the cache's size, the candidates' bytes: 2 of 3 MiB on probation
    expect(names(ghost.rank(cs, ctxOf(HOUR)))).toEqual(['once-old', 'once-new', 'popular']);
  });

  it('each further use, and each return after an eviction, buys tauMain as it was at the last use (up to 7 and 3)', () => {
    const c = (hits: number, refetches = 0) => cand('x', MiB, { lastUsedMs: 1000, hits, ...(refetches ? { refetches } : {}) });
    // tauMain 10 at the last use (tau was 5 then, 25 is tauMain now): only the first counts
    const ctx = ctxOf(25, { x: 5 }, undefined, 2);
    expect([1, 2, 5, 8, 20].map((h) => ghostKey(c(h), ctx))).toEqual([1000, 1010, 1040, 1070, 1070]);
    expect([1, 2, 3, 9].map((r) => ghostKey(c(2, r), ctx))).toEqual([1020, 1030, 1040, 1040]);
    // --half-life decays the uses: 4 hits one half-life ago count 2
    expect(ghostKey(cand('x', MiB, { lastUsedMs: 1000, hitTimesMs: [now - 10, now - 10, now - 10, now - 10] }), { ...ctx, halfLifeMs: 10 })).toBe(1010);
  });

  it('an entry evicted and fetched again within two tau is kept like one used again; later, it is on probation', () => {
    const back = (gap: number) => cand('img', MiB, { lastUsedMs: now, hits: 1, refetches: 1, returnGapMs: gap });
    expect(onProbation(back(2 * HOUR), ctxOf(HOUR, { img: HOUR }))).toBe(false);
    expect(onProbation(back(2 * HOUR + 1), ctxOf(HOUR, { img: HOUR }))).toBe(true);
    // the window is in tau, over every victim: not tauMain, however long entries past probation last
    expect(onProbation(back(2 * HOUR + 1), ctxOf(HOUR, { img: HOUR }, undefined, 10))).toBe(true);
    // tau as it was when it came back, not now
    expect(onProbation(back(2 * HOUR), ctxOf(10 * HOUR, { img: HOUR / 2 }))).toBe(true);
    expect(onProbation(cand('used-twice', MiB, { lastUsedMs: now, hits: 2 }), ctxOf(HOUR))).toBe(false);
  });

  it('ties go to the least recently used, then the name; the order of the candidates does not matter', () => {
    const cs = ['b', 'a', 'c'].map((n) => cand(n, MiB, { lastUsedMs: n === 'c' ? 5 : 7, hits: 3 }));
    expect(names(ghost.rank(cs, ctxOf(0)))).toEqual(['c', 'a', 'b']);
    expect(names(ghost.rank([...cs].reverse(), ctxOf(0)))).toEqual(['c', 'a', 'b']);
  });

  it('its state: tau is the mean idle time of the victims it chose (not of expired ones), tauMain of those past probation, over the last 1000', () => {
    const victim = (idle: number, reason: PlannedEntry['reason'], hits = 1) => ({ ...cand('v', MiB, { lastUsedMs: now - idle, hits }), reason });
    const next = (s: GhostState, deleted: ReturnType<typeof victim>[]) => ghost.state!.next(deleted, { now, state: stateView(GHOST_INITIAL, { root: s, atUse: new Map() }) });
    expect(next(GHOST_INITIAL, [victim(10, 'over-threshold'), victim(30, 'over-threshold', 2), victim(999, 'expired', 2)])).toEqual({ tau: 20, n: 2, tauMain: 30, nMain: 1 });
    const long = next({ tau: 100, n: 5000, tauMain: 400, nMain: 2000 }, [victim(1100, 'over-threshold', 3)]);
    expect(long).toEqual({ tau: 100 + 1000 / TAU_WINDOW, n: 5001, tauMain: 400 + 700 / TAU_WINDOW, nMain: 2001 });
  });

  it('reads a state stored before tauMain existed as tauMain 0: keys by last use alone until a victim past probation sets it', () => {
    const ctx: GhostContext = { now, state: stateView(GHOST_INITIAL, { root: { tau: HOUR, n: 4 }, atUse: new Map([['x', { tau: HOUR, n: 4 }]]) }) };
    expect(ghostKey(cand('x', MiB, { lastUsedMs: 1000, hits: 5 }), ctx)).toBe(1000);
  });

  it('in a plan: the planner evicts by it down to the target, and the plan says the state it leaves', () => {
    const entries = ['old-once', 'popular', 'new-once'].map((n) => fakeEntry(n, 10 * MiB));
    const usage = new Map<string, Usage>([
      ['old-once', { lastUsedMs: now - 5 * HOUR, hits: 1, inUse: [], pinned: false }],
      ['popular', { lastUsedMs: now - 6 * HOUR, hits: 5, inUse: [], pinned: false }],
      ['new-once', { lastUsedMs: now - 1 * HOUR, hits: 1, inUse: [], pinned: false }],
    ]);
    const plan = buildPlan(
      { root: '/c', layout: 'generic', entries, usage, cacheBytes: 30 * MiB, disk: { usedBytes: 30 * MiB, availableBytes: 0, usedPercent: 100 }, now, state: { root: { tau: HOUR, n: 3, tauMain: 2 * HOUR, nMain: 1 }, atUse: new Map() } },
      { strategy: 'ghost', trigger: { kind: 'size', threshold: 25 * MiB, target: 20 * MiB }, defaultMaxAgeMs: 1e12, minAgeMs: 0, stalePartialAgeMs: 1e12, isProtected: () => false },
    );
    expect(plan.entries.filter((e) => e.decision === 'evict').map((e) => e.entry.name)).toEqual(['old-once']);
    expect(plan.state!.before).toEqual({ tau: HOUR, n: 3, tauMain: 2 * HOUR, nMain: 1 });
    // old-once left from probation: tau moves, tauMain does not
    expect(plan.state!.after(plan.entries.slice(0, 1))).toEqual({ tau: (HOUR * 3 + 5 * HOUR) / 4, n: 4, tauMain: 2 * HOUR, nMain: 1 });
  });
});
