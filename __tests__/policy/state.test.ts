import { buildPlan } from '../../src/plan/build.js';
import type { PlanInput, PlanOptions } from '../../src/plan/types.js';
import { gdsf, gdsfPriority } from '../../src/policy/gdsf.js';
import { stateView, type StoredState } from '../../src/policy/state.js';
import type { Usage } from '../../src/shared/types.js';
import { cand } from '../helpers/candidates.js';
import { MiB } from '../helpers/units.js';

const stored = (rootL: number | undefined, bases: Record<string, Record<string, number>>): StoredState => ({
  root: rootL === undefined ? {} : { L: rootL },
  atUse: new Map(Object.entries(bases)),
});

describe('the state a strategy ranks with', () => {
  const a = cand('a', MiB, { lastUsedMs: 0 });
  const b = cand('b', MiB, { lastUsedMs: 0 });
  const fresh = cand('fresh', MiB, { lastUsedMs: 0 });

  it('is, per entry, the root\'s state at its last recorded use; an entry the store does not know has the current state', () => {
    const v = stateView(gdsf.state!.initial, stored(5, { a: { L: 2 }, b: { L: 5 } }));
    expect(v.current).toEqual({ L: 5 });
    expect(v.atUse(a)).toEqual({ L: 2 });
    expect(v.atUse(b)).toEqual({ L: 5 });
    expect(v.atUse(fresh)).toEqual({ L: 5 });
  });

  it('has the initial value for every key the store has no row for, and for every entry without a store', () => {
    const v = stateView(gdsf.state!.initial, stored(undefined, { a: {} }));
    expect(v.current).toEqual({ L: 0 });
    expect(v.atUse(a)).toEqual({ L: 0 });
    const none = stateView(gdsf.state!.initial);
    expect([none.current, none.atUse(a), none.atUse(fresh)]).toEqual([{ L: 0 }, { L: 0 }, { L: 0 }]);
  });
});

describe('gdsf\'s state after a clean', () => {
  const ctx = { now: 0, state: stateView(gdsf.state!.initial, stored(1, { small: { L: 0 }, big: { L: 1 } })) };
  const small = { ...cand('small', MiB, { lastUsedMs: 0, hits: 3 }), reason: 'over-threshold' as const }; // 0 + 3 = 3
  const big = { ...cand('big', 4 * MiB, { lastUsedMs: 0, hits: 2 }), reason: 'over-threshold' as const }; // 1 + 0.5 = 1.5
  const expired = { ...cand('old', 1, { lastUsedMs: 0, hits: 9 }), reason: 'expired' as const }; // 1 + 9 MiB

  it('L rises to the highest priority among the victims deleted by rank, whatever their order', () => {
    expect(gdsfPriority(small, ctx)).toBe(3);
    expect(gdsf.state!.next([small, big], ctx)).toEqual({ L: 3 });
    expect(gdsf.state!.next([big, small], ctx)).toEqual({ L: 3 });
  });

  it('expired victims were not chosen by priority and do not move L; L never falls; nothing deleted leaves it', () => {
    expect(gdsf.state!.next([expired], ctx)).toEqual({ L: 1 });
    const low = { ...cand('low', 1024 * MiB, { lastUsedMs: 0, hits: 1 }), reason: 'over-threshold' as const }; // 0 + 1/1024
    const lowCtx = { now: 0, state: stateView(gdsf.state!.initial, stored(1, { low: { L: 0 } })) };
    expect(gdsf.state!.next([low], lowCtx)).toEqual({ L: 1 });
    expect(gdsf.state!.next([], ctx)).toEqual({ L: 1 });
  });
});

describe('the plan of a strategy with state', () => {
  const entries = [cand('a', MiB, { lastUsedMs: 1, hits: 1 }), cand('b', MiB, { lastUsedMs: 2, hits: 2 }), cand('c', MiB, { lastUsedMs: 3, hits: 8 })];
  const input = (state?: StoredState): PlanInput => ({
    root: '/srv/cache',
    layout: 'generic',
    entries: entries.map((c) => c.entry),
    usage: new Map<string, Usage>(entries.map((c) => [c.entry.name, c.usage])),
    cacheBytes: 3 * MiB,
    disk: { usedBytes: 0, availableBytes: 0, usedPercent: 0 },
    now: 10,
    ...(state ? { state } : {}),
  });
  const opts = (strategy: string): PlanOptions => ({
    strategy,
    trigger: { kind: 'size', threshold: 3 * MiB, target: MiB },
    defaultMaxAgeMs: 1000,
    minAgeMs: 0,
    stalePartialAgeMs: 1000,
    isProtected: () => false,
  });

  it('ranks with the stored state and says the state it leaves, from the victims a clean really deleted', () => {
    // a: 4 + 1 = 5 (used when L was 4), b: 0 + 2 = 2, c: new to the store, so at the current L 4: 4 + 8 = 12
    const plan = buildPlan(input(stored(4, { a: { L: 4 }, b: {} })), opts('gdsf'));
    expect(plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name)).toEqual(['b', 'a']);
    expect(plan.state!.before).toEqual({ L: 4 });
    const [b, a] = plan.entries;
    expect(plan.state!.after([b!, a!])).toEqual({ L: 5 });
    expect(plan.state!.after([b!])).toEqual({ L: 4 }); // a was not deleted (it failed, or the run stopped)
  });

  it('without a store, ranks from the initial state; a strategy without state has none', () => {
    const plan = buildPlan(input(), opts('gdsf'));
    expect(plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name)).toEqual(['a', 'b']);
    expect(plan.state!.before).toEqual({ L: 0 });
    expect(buildPlan(input(stored(4, {})), opts('lfu')).state).toBeUndefined();
  });
});
