import { buildPlan } from '../../src/plan/build.js';
import { getStrategy } from '../../src/policy/registry.js';
import { stateView } from '../../src/policy/state.js';
import type { Candidate, RankContext, Strategy } from '../../src/policy/strategy.js';
import { AgePolicy } from '../../src/sim/policies/age.js';
import { GdsfPolicy } from '../../src/sim/policies/gdsf.js';
import { GhostPolicy } from '../../src/sim/policies/ghost.js';
import { LfuPolicy } from '../../src/sim/policies/lfu.js';
import { LruPolicy } from '../../src/sim/policies/lru.js';
import { SizePolicy } from '../../src/sim/policies/size.js';
import type { CachedObject, MirrorPolicy } from '../../src/sim/types.js';
import type { Usage } from '../../src/shared/types.js';
import { cand } from '../helpers/candidates.js';
import { fakeEntry } from '../helpers/fixtures.js';
import { loadTrace } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

/**
 * The online policies are the planner's strategies: from the same state, each evicts the object the planner's own
 * ranking (src/policy) puts first. The state is the simulator's: an object's last use is the index of its last
 * request (the simulator's clock), its hits the requests since it was admitted, and for a strategy with state (gdsf)
 * the policy's state now and at the object's last request, as the usage store keeps them per root and per entry.
 */
function candidatesOf(objs: readonly CachedObject[], now: number): Candidate[] {
  return objs.map((o) =>
    cand(
      String(o.key),
      o.size,
      {
        lastUsedMs: o.lastAccess,
        hits: o.hits,
        ...(o.refetches !== undefined ? { refetches: o.refetches } : {}),
        ...(o.returnGap !== undefined ? { returnGapMs: o.returnGap } : {}),
      },
      now,
    ),
  );
}

/**
 * Rank the policy's cached objects as the planner would: with the cache's size, and the policy's state as the store
 * would give it (per root, and per entry at its last use).
 */
function rankOf(strategy: Strategy, p: MirrorPolicy, now: number): Candidate[] {
  const objs = p.snapshot();
  const cands = candidatesOf(objs, now);
  const ctx: RankContext = { now, cacheBytes: p.used };
  if (strategy.state) {
    const atUse = new Map(cands.map((c, i) => [c.entry.name, objs[i]!.stateAtUse ?? {}]));
    ctx.state = stateView(strategy.state.initial, { root: p.state?.() ?? {}, atUse });
  }
  return strategy.rank(cands, ctx);
}

const MIRRORS: { name: string; make: (cap: number) => MirrorPolicy }[] = [
  { name: 'lru', make: (c) => new LruPolicy(c) },
  { name: 'lfu', make: (c) => new LfuPolicy(c) },
  { name: 'popularity', make: (c) => new LfuPolicy(c) },
  { name: 'gdsf', make: (c) => new GdsfPolicy(c) },
  { name: 'size', make: (c) => new SizePolicy(c) },
  { name: 'age', make: (c) => new AgePolicy(c, Infinity) },
  { name: 'ghost', make: (c) => new GhostPolicy(c) },
];

describe.each(['adaptsize_request.csv', 'blockio.csv'] as const)('on %s, every eviction is the planner ranking\'s first', (trace) => {
  const reqs = loadTrace(trace).slice(0, 4000);
  test.each(MIRRORS)('$name', ({ name, make }) => {
    const strategy = getStrategy(name);
    for (const cap of [256 * 1024, 2 * MiB]) {
      const p = make(cap);
      let tick = 0;
      let evictions = 0;
      p.onEvict = (victim) => {
        const ranked = rankOf(strategy, p, tick);
        expect(ranked.length).toBeGreaterThan(0);
        if (ranked[0]!.entry.name !== String(victim)) {
          throw new Error(`${name} at ${cap}, request ${tick}: online evicts ${victim}, the planner ranks ${ranked[0]!.entry.name} first`);
        }
        evictions++;
      };
      reqs.forEach((r, i) => {
        tick = i;
        p.access(r.id, r.size, r.time, NaN);
      });
      expect(evictions).toBeGreaterThan(100);
    }
  });
});

test('gdsf: ties in priority go to the least recently used, as in the planner', () => {
  // three objects of one size requested once each: equal priorities, so recency decides
  const p = new GdsfPolicy(300);
  const evicted: number[] = [];
  p.onEvict = (k) => {
    const ranked = rankOf(getStrategy('gdsf'), p, 10);
    expect(ranked[0]!.entry.name).toBe(String(k));
    evicted.push(k);
  };
  for (const id of [1, 2, 3, 4]) p.access(id, 100, 0, NaN);
  expect(evicted).toEqual([1]);
});

describe('age: what the online policy expires is what the planner marks expired', () => {
  test.each([
    ['adaptsize_request.csv', 8 * MiB, 600],
    ['blockio.csv', 4 * MiB, 60],
  ] as const)('%s at %d bytes, max-age %d s', (trace, cap, maxAge) => {
    const reqs = loadTrace(trace).slice(0, 2500);
    const p = new AgePolicy(cap, maxAge);
    let checked = 0;
    for (const r of reqs) {
      const before = p.snapshot();
      const usage = new Map<string, Usage>(before.map((o) => [String(o.key), { lastUsedMs: o.lastTime! * 1000, hits: o.hits, inUse: [], pinned: false }]));
      const plan = buildPlan(
        {
          root: '/sim',
          layout: 'generic',
          entries: before.map((o) => fakeEntry(String(o.key), o.size, o.lastTime! * 1000)),
          usage,
          cacheBytes: p.used,
          disk: { usedBytes: 0, availableBytes: 1, usedPercent: 0 },
          now: r.time * 1000,
        },
        {
          strategy: 'age',
          trigger: { kind: 'none' },
          defaultMaxAgeMs: maxAge * 1000,
          minAgeMs: 0,
          stalePartialAgeMs: Infinity,
          isProtected: () => false,
        },
      );
      const planned = plan.entries.filter((e) => e.reason === 'expired').map((e) => e.entry.name).sort();
      const expiredBefore = p.expired;
      const gone: string[] = [];
      p.onEvict = (k) => void gone.push(String(k));
      p.access(r.id, r.size, r.time, NaN);
      // expiry comes before any eviction for room
      const expiredNow = gone.slice(0, p.expired - expiredBefore).sort();
      expect(expiredNow).toEqual(planned);
      if (planned.length > 0) checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
