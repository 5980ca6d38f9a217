import { fallbackNote, frequency, noHistory } from './frequency.js';
import { orderBy } from './order.js';
import type { Candidate, RankContext, Strategy } from './strategy.js';

const MiB = 1024 * 1024;

/**
 * Greedy-Dual-Size-Frequency priority, as Squid's heap GDSF: L + frequency / size, with size in MiB
 * (bytes an eviction frees; at least one byte) and frequency the hit count (decayed by --half-life when given).
 * L is the aging value: the root's L when the entry was last used (Usage.gdsfBase, from the usage store),
 * 0 without a store. After a run, L rises to the priority of the last entry it evicted under pressure,
 * so entries used after that start above everything that was evicted, and old popularity ages out.
 */
export function gdsfPriority(c: Candidate, ctx: RankContext): number {
  return (c.usage.gdsfBase ?? 0) + frequency(c, ctx) / (Math.max(1, c.entry.bytes) / MiB);
}

/** Lowest GDSF priority first: many small popular entries outlive one huge rarely used one. Ties by recency, then name. */
export const gdsf: Strategy = {
  name: 'gdsf',
  trigger: 'pressure',
  description: 'lowest Greedy-Dual-Size-Frequency priority (L + hits / size) first, until the target is met',
  rank(cands, ctx) {
    if (noHistory(cands)) return orderBy(cands); // the order of [...cands].sort(byRecency)
    return orderBy(cands, (c) => gdsfPriority(c, ctx)); // the order of sort((a, b) => p(a) - p(b) || byRecency(a, b))
  },
  note: (cands) => fallbackNote('gdsf', cands),
};
