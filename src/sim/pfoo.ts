import type { Lookahead } from './next-use.js';

/** PFOO-L's lower bounds at one capacity. */
export interface PfooBound {
  capacity: number;
  /** At most this many of the counted requests can be hits (fractional: the relaxation's optimum). */
  maxHits: number;
  /** At most this many bytes of the counted requests can be hit. */
  maxHitBytes: number;
  /** No policy can miss a smaller share of the counted requests. */
  missRatio: number;
  /** No policy can miss a smaller share of the counted bytes. */
  byteMissRatio: number;
}

/**
 * The PFOO-L lower bound (Berger, Beckmann and Harchol-Balter, "Practical Bounds on Optimal Caching with Variable
 * Object Sizes", SIGMETRICS 2018). Each pair of consecutive requests to one object is an interval; keeping the object
 * cached from the first to the second (a hit on the second) costs size x length of the cache's resource (byte x
 * requests), and the whole trace has capacity x requests of it. Relaxing "at most capacity bytes at every moment" to
 * "at most capacity x requests in total" turns caching into a knapsack whose fractional optimum is found greedily:
 * - for hits, take the intervals in order of cost (size x length), cheapest first;
 * - for hit bytes, in order of length (cost per byte gained), shortest first;
 * while the budget lasts, and the fraction of the first interval that no longer fits. Every policy's hits satisfy the
 * relaxed constraint, so these are upper bounds on hits and hit bytes, i.e. lower bounds on the miss ratio and the
 * byte miss ratio. (Berger et al.'s tool reports the byte hit ratio of the cost-ordered selection and counts the
 * interval that crosses the budget whole; here each ratio has its own ordering, so each is a true bound.)
 * Objects larger than the capacity are never cached; intervals ending in the warm-up gain nothing and are left out.
 * Per capacity: O(n log n) for the hits (a native sort of the costs), O(n) for the bytes; 16 bytes per request.
 */
export function pfooBounds(look: Lookahead, capacities: readonly number[], warmup = 0): PfooBound[] {
  const { n, next, size } = look;
  let counted = 0;
  let countedBytes = 0;
  for (let j = warmup; j < n; j++) {
    counted++;
    countedBytes += size[j]!;
  }
  // reused for every capacity: the costs of the intervals that can be cached, and their bytes by length
  const costs = new Float64Array(n);
  const bytesByLength = new Float64Array(n + 1);
  return capacities.map((capacity) => {
    // hits: cheapest first. Every interval gains one hit, so only the sorted costs matter (a native sort).
    let m = 0;
    for (let i = 0; i < n; i++) {
      const j = next[i]!;
      const s = size[i]!;
      if (j < 0 || j < warmup || s > capacity) continue;
      costs[m++] = s * (j - i);
    }
    const sorted = costs.subarray(0, m).sort();
    let budget = capacity * n;
    let hits = 0;
    for (let k = 0; k < m; k++) {
      const cost = sorted[k]!;
      if (cost <= budget) {
        budget -= cost;
        hits += 1;
      } else {
        hits += budget / cost;
        break;
      }
    }
    // hit bytes: shortest first. Intervals of one length cost the same per byte, so they are taken together:
    // bucket the bytes by length and walk the lengths up (O(n), no sort).
    bytesByLength.fill(0);
    for (let i = 0; i < n; i++) {
      const j = next[i]!;
      const s = size[i]!;
      if (j < 0 || j < warmup || s > capacity || s === 0) continue;
      bytesByLength[j - i]! += s;
    }
    budget = capacity * n;
    let hitBytes = 0;
    for (let len = 1; len <= n; len++) {
      const b = bytesByLength[len]!;
      if (b === 0) continue;
      const cost = b * len;
      if (cost <= budget) {
        budget -= cost;
        hitBytes += b;
      } else {
        hitBytes += budget / len;
        break;
      }
    }
    return {
      capacity,
      maxHits: hits,
      maxHitBytes: hitBytes,
      missRatio: counted > 0 ? (counted - hits) / counted : 0,
      byteMissRatio: countedBytes > 0 ? (countedBytes - hitBytes) / countedBytes : 0,
    };
  });
}
