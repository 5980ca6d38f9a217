import fc from 'fast-check';
import type { PlanOptions, TriggerSpec } from '../../../src/plan/types.js';
import { LruPolicy } from '../../../src/sim/policies/lru.js';
import { ScheduledCache, type ScheduleConfig } from '../../../src/sim/schedule/cache.js';
import { recommend } from '../../../src/sim/schedule/recommend.js';
import { hitsOf } from '../../helpers/sim.js';
import { loadTrace } from '../../helpers/traces.js';
import { MiB } from '../../helpers/units.js';

const plan = (strategy: string, trigger: TriggerSpec, minAgeMs = 0): PlanOptions => ({
  strategy,
  trigger,
  defaultMaxAgeMs: 86_400_000,
  minAgeMs,
  stalePartialAgeMs: Infinity,
  isProtected: () => false,
});
const config = (strategy: string, everyMs: number, diskBytes: number, trigger: TriggerSpec, minAgeMs = 0): ScheduleConfig => ({ strategy, everyMs, diskBytes, plan: plan(strategy, trigger, minAgeMs) });

/** Serve `reqs` ({id, size, ms}) to a schedule, as the replay does; the hit of each. */
function serve(c: ScheduledCache, reqs: readonly { id: number; size: number; ms: number }[]): boolean[] {
  const seen = new Set<number>();
  const hits = reqs.map((r) => {
    const first = !seen.has(r.id);
    seen.add(r.id);
    return c.access(r.id, r.size, r.ms, true, first);
  });
  c.finish(reqs[reqs.length - 1]!.ms);
  return hits;
}

describe('one schedule, by hand', () => {
  // a 100-byte disk, clean every 10 s at 80% down to 50%, by recency
  const c = new ScheduledCache(config('lru', 10_000, 100, { kind: 'percent', threshold: 80, target: 50 }));
  const hits = serve(c, [
    { id: 1, size: 40, ms: 0 },
    { id: 2, size: 30, ms: 1000 },
    { id: 3, size: 20, ms: 2000 }, // 90 bytes: the threshold is reached at 2 s
    { id: 4, size: 20, ms: 5000 }, // 110 > 100: the download fails, the disk is full
    { id: 2, size: 30, ms: 6000 },
    { id: 1, size: 40, ms: 12_000 }, // the run at 10 s evicted 1 (least recent) to get to 50 bytes: fetched again
  ]);

  test('serves from what it holds, and a download that does not fit on the disk fails', () => {
    expect(hits).toEqual([false, false, false, false, true, false]);
    expect(c.tally).toMatchObject({ failed: 1, failedBytes: 20, runs: 1, evictions: 1, evictedBytes: 40, refetches: 1, refetchBytes: 40 });
  });

  test('peak, and time above the threshold: from 2 s to the run at 10 s, then again from 12 s to the end', () => {
    expect(c.tally.peakBytes).toBe(90);
    expect(c.tally.aboveMs).toBe(8000); // 50 + 40 = 90 at 12 s, and the replay ends at 12 s
  });
});

describe('with the interval tending to zero', () => {
  // one request a second, so that a run every second comes between any two requests
  const reqs = loadTrace('adaptsize_request.csv').slice(0, 6000).map((r, i) => ({ ...r, ms: i * 1000 }));

  test.each([256 * 1024, 2 * MiB])('lru run every second down to its capacity is the per-request simulation, hit for hit (%d bytes)', (cap) => {
    const online = hitsOf(new LruPolicy(cap), reqs);
    const c = new ScheduledCache(config('lru', 1000, 1e15, { kind: 'size', threshold: cap, target: cap }));
    expect(serve(c, reqs)).toEqual(online);
    expect(c.tally.evictions).toBeGreaterThan(1000);
  });

  test('longer intervals drift from it: the cache grows past its capacity between runs', () => {
    const cap = 2 * MiB;
    const online = hitsOf(new LruPolicy(cap), reqs).filter(Boolean).length;
    const gap = (every: number): number => {
      const c = new ScheduledCache(config('lru', every, 1e15, { kind: 'size', threshold: cap, target: cap }));
      return Math.abs(serve(c, reqs).filter(Boolean).length - online);
    };
    expect(gap(1000)).toBe(0);
    expect(gap(60_000)).toBeGreaterThan(0);
    expect(gap(600_000)).toBeGreaterThan(gap(60_000));
  });
});

describe('a longer interval never lowers the peak', () => {
  // Objects requested once each (nothing evicted comes back, which would add downloads) and of one size (so every run
  // that has to lands exactly on its target): then the cache with fewer runs holds at every moment at least as much.
  test.each(['lru', 'lfu', 'gdsf', 'size', 'ghost'])('%s, random arrivals, intervals e and k*e', (strategy) => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 5, max: 40 }),
        (gaps, every, k, target) => {
          let ms = 0;
          const reqs = gaps.map((g, i) => ({ id: i + 1, size: 1, ms: (ms += g * 1000) }));
          const peak = (e: number): number => {
            const c = new ScheduledCache(config(strategy, e * 1000, 1e9, { kind: 'size', threshold: target + 10, target }));
            serve(c, reqs);
            return c.tally.peakBytes;
          };
          expect(peak(every * k)).toBeGreaterThanOrEqual(peak(every));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('recommend', () => {
  const run = (strategy: string, everyMs: number, t: { refetchBytes: number; peakBytes: number; failed?: number; runs: number }) => ({
    config: config(strategy, everyMs, 100, { kind: 'percent', threshold: 85, target: 80 }),
    tally: { requests: 0, bytes: 0, hits: 0, hitBytes: 0, refetches: 0, failedBytes: 0, aboveMs: 0, evictions: 0, evictedBytes: 0, failed: 0, ...t },
  });
  const runs = [
    run('lru', 600_000, { refetchBytes: 10, peakBytes: 90, runs: 10 }),
    run('lfu', 600_000, { refetchBytes: 5, peakBytes: 99, runs: 10 }),
    run('lfu', 1_200_000, { refetchBytes: 5, peakBytes: 95, runs: 5 }),
    run('gdsf', 2_400_000, { refetchBytes: 1, peakBytes: 100, failed: 3, runs: 3 }),
  ];

  test('the fewest bytes fetched again among the schedules that kept the disk at or below the limit; then fewer runs', () => {
    expect(recommend(runs, 100)).toEqual({ best: 2, feasible: [2, 1, 0], maxPeakBytes: 100 });
    expect(recommend(runs, 96).best).toBe(2);
    expect(recommend(runs, 94).best).toBe(0);
    expect(recommend(runs, 80)).toEqual({ best: null, feasible: [], maxPeakBytes: 80 });
  });
});
