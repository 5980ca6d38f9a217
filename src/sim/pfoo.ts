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
 * O(n log n) for the sort, then O(n) per capacity.
 */
export function pfooBounds(look: Lookahead, capacities: readonly number[], warmup = 0): PfooBound[] {
  const { n, next, size } = look;
  let counted = 0;
  let countedBytes = 0;
  for (let j = warmup; j < n; j++) {
    counted++;
    countedBytes += size[j]!;
  }
  // the intervals worth anything: from request i to its next request j >= warmup
  let m = 0;
  const from = new Uint32Array(n);
  for (let i = 0; i < n; i++) if (next[i]! >= warmup && next[i]! >= 0) from[m++] = i;
  const intervals = from.subarray(0, m);
  const len = (i: number): number => next[i]! - i;
  const byCost = Uint32Array.from(intervals).sort((a, b) => size[a]! * len(a) - size[b]! * len(b) || a - b);
  const byLength = Uint32Array.from(intervals).sort((a, b) => len(a) - len(b) || a - b);
  return capacities.map((capacity) => {
    let budget = capacity * n;
    let hits = 0;
    for (let k = 0; k < byCost.length; k++) {
      const i = byCost[k]!;
      const s = size[i]!;
      if (s > capacity) continue;
      const cost = s * len(i);
      if (cost <= budget) {
        budget -= cost;
        hits += 1;
      } else {
        hits += budget / cost;
        break;
      }
    }
    budget = capacity * n;
    let hitBytes = 0;
    for (let k = 0; k < byLength.length; k++) {
      const i = byLength[k]!;
      const s = size[i]!;
      if (s > capacity || s === 0) continue;
      const cost = s * len(i);
      if (cost <= budget) {
        budget -= cost;
        hitBytes += s;
      } else {
        hitBytes += (s * budget) / cost;
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
