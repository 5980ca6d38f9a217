import fc from 'fast-check';
import { BeladyPolicy } from '../../src/sim/belady.js';
import { LookaheadBuilder, type Lookahead } from '../../src/sim/next-use.js';
import { pfooBounds } from '../../src/sim/pfoo.js';
import { POLICIES } from '../../src/sim/policies/registry.js';
import { hitsOf, nextUses, summary } from '../helpers/sim.js';
import { loadTrace, type Req } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

function lookaheadOf(reqs: readonly Req[]): Lookahead {
  const b = new LookaheadBuilder();
  for (const r of reqs) b.add(r.id, r.size);
  return b.finish();
}

/**
 * The best any policy can do on a tiny trace, by trying every choice: after each request the cache may hold any
 * subset of what it held plus the requested object that fits (so a policy may decline to keep an object).
 * `demand`: the requested object must be admitted when it fits (what every simulated policy does).
 * Returns the most hits and, separately, the most hit bytes.
 */
function bruteForce(reqs: readonly Req[], cap: number, demand: boolean): { hits: number; hitBytes: number } {
  const ids = [...new Set(reqs.map((r) => r.id))];
  const bit = (id: number): number => 1 << ids.indexOf(id);
  const sizeOf = new Map(reqs.map((r) => [r.id, r.size]));
  const bytes = (mask: number): number => ids.reduce((s, id, k) => s + (mask & (1 << k) ? sizeOf.get(id)! : 0), 0);
  const best = (gain: (r: Req) => number): number => {
    let dp = new Map<number, number>([[0, 0]]);
    for (const r of reqs) {
      const next = new Map<number, number>();
      const x = bit(r.id);
      for (const [mask, v] of dp) {
        const got = v + (mask & x ? gain(r) : 0);
        const pool = mask | x;
        for (let sub = pool; ; sub = (sub - 1) & pool) {
          if (bytes(sub) <= cap && (!demand || r.size > cap || sub & x)) next.set(sub, Math.max(next.get(sub) ?? -1, got));
          if (sub === 0) break;
        }
      }
      dp = next;
    }
    return Math.max(...dp.values());
  };
  return { hits: best(() => 1), hitBytes: best((r) => r.size) };
}

const tinyTrace = (maxSize: number): fc.Arbitrary<Req[]> =>
  fc
    .tuple(fc.array(fc.integer({ min: 1, max: maxSize }), { minLength: 5, maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 12 }))
    .map(([sizes, ids]) => ids.map((id, i) => ({ time: i, id, size: sizes[id]! })));

describe('Belady', () => {
  test('with one size for every object it misses exactly as few as the best demand policy (exhaustive search)', () => {
    fc.assert(
      fc.property(tinyTrace(1), fc.integer({ min: 1, max: 4 }), (reqs, cap) => {
        const hits = hitsOf(new BeladyPolicy(cap), reqs, nextUses(reqs)).filter(Boolean).length;
        expect(hits).toBe(bruteForce(reqs, cap, true).hits);
      }),
      { numRuns: 300 },
    );
  });

  test('with one size for every object it misses no more than any strategy, on both traces', () => {
    for (const trace of ['adaptsize_request.csv', 'blockio.csv'] as const) {
      const reqs = loadTrace(trace).slice(0, 30_000).map((r) => ({ ...r, size: 1 }));
      const next = nextUses(reqs);
      for (const cap of [50, 500, 5000]) {
        const opt = summary(reqs, hitsOf(new BeladyPolicy(cap), reqs, next)).missRatio;
        for (const p of POLICIES) expect(opt).toBeLessThanOrEqual(summary(reqs, hitsOf(p.make(cap, { maxAgeSeconds: Infinity }), reqs)).missRatio);
      }
    }
  });
});

describe('PFOO-L', () => {
  test('bounds the best possible hits and hit bytes of any policy (exhaustive search, variable sizes)', () => {
    fc.assert(
      fc.property(tinyTrace(4), fc.integer({ min: 1, max: 8 }), (reqs, cap) => {
        const [b] = pfooBounds(lookaheadOf(reqs), [cap]);
        const best = bruteForce(reqs, cap, false);
        expect(b!.maxHits).toBeGreaterThanOrEqual(best.hits - 1e-9);
        expect(b!.maxHitBytes).toBeGreaterThanOrEqual(best.hitBytes - 1e-9);
        const n = reqs.length;
        const bytes = reqs.reduce((s, r) => s + r.size, 0);
        expect(b!.missRatio).toBeCloseTo((n - b!.maxHits) / n, 12);
        expect(b!.byteMissRatio).toBeCloseTo((bytes - b!.maxHitBytes) / bytes, 12);
      }),
      { numRuns: 300 },
    );
  });

  test.each(['adaptsize_request.csv', 'blockio.csv'] as const)('on %s it is below every strategy and the optimum, in both ratios', (trace) => {
    const reqs = loadTrace(trace);
    const next = nextUses(reqs);
    const caps = [1 * MiB, 8 * MiB, 64 * MiB];
    const bounds = pfooBounds(lookaheadOf(reqs), caps);
    caps.forEach((cap, k) => {
      const b = bounds[k]!;
      const policies = [...POLICIES.map((p) => p.make(cap, { maxAgeSeconds: 86400 })), new BeladyPolicy(cap)];
      for (const p of policies) {
        const s = summary(reqs, hitsOf(p, reqs, next));
        expect(b.missRatio).toBeLessThanOrEqual(s.missRatio);
        expect(b.byteMissRatio).toBeLessThanOrEqual(s.byteMissRatio);
      }
      // and above what no cache avoids: the first requests
      const firsts = new Set<number>();
      let firstBytes = 0;
      for (const r of reqs) if (!firsts.has(r.id)) firsts.add(r.id) && (firstBytes += r.size);
      expect(b.missRatio).toBeGreaterThanOrEqual(firsts.size / reqs.length - 1e-12);
      expect(b.byteMissRatio).toBeGreaterThanOrEqual(firstBytes / reqs.reduce((s, r) => s + r.size, 0) - 1e-12);
    });
  });

  test('matches a naive computation of the intervals (scan for each next request, sort, fill the budget), with a warm-up', () => {
    const reqs = loadTrace('blockio.csv').slice(0, 3000);
    const caps = [64 * 1024, 1 * MiB, 16 * MiB];
    for (const warmup of [0, 500]) {
      const got = pfooBounds(lookaheadOf(reqs), caps, warmup);
      caps.forEach((cap, k) => {
        const intervals: { size: number; len: number }[] = [];
        reqs.forEach((r, i) => {
          for (let j = i + 1; j < reqs.length; j++) {
            if (reqs[j]!.id === r.id) {
              if (j >= warmup && r.size <= cap) intervals.push({ size: r.size, len: j - i });
              break;
            }
          }
        });
        const fill = (order: typeof intervals, gain: (x: { size: number }) => number): number => {
          let budget = cap * reqs.length;
          let total = 0;
          for (const x of order) {
            const cost = x.size * x.len;
            if (gain(x) === 0) continue;
            if (cost <= budget) {
              budget -= cost;
              total += gain(x);
            } else {
              total += (gain(x) * budget) / cost;
              break;
            }
          }
          return total;
        };
        const hits = fill([...intervals].sort((a, b) => a.size * a.len - b.size * b.len), () => 1);
        const hitBytes = fill([...intervals].sort((a, b) => a.len - b.len), (x) => x.size);
        expect(got[k]!.maxHits).toBeCloseTo(hits, 6);
        expect(got[k]!.maxHitBytes).toBeCloseTo(hitBytes, 3);
      });
    }
  });
});

test('the lookahead pass records each request\'s next request', () => {
  const reqs = loadTrace('adaptsize_request.csv').slice(0, 5000);
  const look = lookaheadOf(reqs);
  const expected = nextUses(reqs).map((j) => (j === Infinity ? -1 : j));
  expect(look.n).toBe(reqs.length);
  expect(Array.from(look.next)).toEqual(expected);
  expect(look.objects).toBe(new Set(reqs.map((r) => r.id)).size);
});
