import { fallbackNote, frequency, noHistory } from './frequency.js';
import { orderBy } from './order.js';
import type { Candidate, RankContext, Strategy } from './strategy.js';

const MiB = 1024 * 1024;

/** GDSF's state: the aging value L of the cache root. */
export type GdsfState = { readonly L: number };

const INITIAL: GdsfState = { L: 0 };

/**
 * Greedy-Dual-Size-Frequency key, as Squid's heap GDSF: L + frequency / size, with size in MiB (at least one byte).
 * The one formula: the planner ranks with it, and the simulator's gdsf (src/sim/policies/gdsf.ts) computes its
 * priorities with it, so equal states give equal priorities bit for bit.
 */
export function gdsfKey(L: number, freq: number, bytes: number): number {
  return L + freq / (Math.max(1, bytes) / MiB);
}

/** L after evicting an object of priority `p` by rank: it rises to `p` and never falls. Also the simulator's. */
export function gdsfAged(L: number, p: number): number {
  return Math.max(L, p);
}

/**
 * An entry's GDSF priority: gdsfKey of the root's L at the entry's last use (0 without a store), its frequency (the
 * hit count, decayed by --half-life when given) and the bytes an eviction frees. After a clean, L rises to the
 * priority of the last entry it evicted under pressure, so entries used after that start above everything that was
 * evicted, and old popularity ages out.
 */
export function gdsfPriority(c: Candidate, ctx: RankContext<GdsfState>): number {
  const L = ctx.state ? ctx.state.atUse(c).L : INITIAL.L;
  return gdsfKey(L, frequency(c, ctx), c.entry.bytes);
}

/** Lowest GDSF priority first: many small popular entries outlive one huge rarely used one. Ties by recency, then name. */
export const gdsf: Strategy<GdsfState> = {
  name: 'gdsf',
  trigger: 'pressure',
  description: 'lowest Greedy-Dual-Size-Frequency priority (L + hits / size) first, until the target is met',
  rank(cands, ctx) {
    if (noHistory(cands)) return orderBy(cands); // the order of [...cands].sort(byRecency)
    return orderBy(cands, (c) => gdsfPriority(c, ctx)); // the order of sort((a, b) => p(a) - p(b) || byRecency(a, b))
  },
  note: (cands) => fallbackNote('gdsf', cands),
  state: {
    initial: INITIAL,
    // Only victims chosen by priority move L: an expired entry was not, and its priority may be anything.
    next(deleted, ctx) {
      let L = (ctx.state?.current ?? INITIAL).L;
      for (const v of deleted) if (v.reason === 'over-threshold') L = gdsfAged(L, gdsfPriority(v, ctx));
      return { L };
    },
  },
};
