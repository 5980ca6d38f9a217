import { frequency } from './frequency.js';
import { orderBy } from './order.js';
import type { Candidate, RankContext, Strategy } from './strategy.js';

/**
 * `ghost`'s state, carried from run to run: two means of the idle time (ms) of the entries it evicted, over the last
 * `min(n, TAU_WINDOW)` of them: the cache's own clock. `tau`, over every victim, is how long an entry lasts here: a
 * return is recent when it came within a couple of it. `tauMain`, over the victims past probation only, is how long
 * an entry that proved itself lasts: what a use is worth. One clock for both undervalued uses: most victims are
 * used-once entries leaving probation early, so a use bought a fraction of the main part's turnover (AdaptSize at
 * 8 MiB: byte miss .7043 with one tau, .6979 with two).
 */
export type GhostState = { readonly tau: number; readonly n: number; readonly tauMain: number; readonly nMain: number };

export const GHOST_INITIAL: GhostState = { tau: 0, n: 0, tauMain: 0, nMain: 0 };

/** The probation share: entries used once are evicted first while they hold more than this of the cache (S3-FIFO's small queue). */
export const PROBATION_SHARE = 0.1;
/** A return is recent when it came back within this many tau of its eviction (a ghost list of about two cache turnovers). */
export const RETURN_WINDOW = 2;
/** tau is the mean over the last this many victims (the first ones: over all of them). */
export const TAU_WINDOW = 1000;
/** Uses beyond the first, and returns, count up to these (as S3-FIFO's and CLOCK's counters saturate). */
const MAX_USES = 7;
const MAX_RETURNS = 3;

/** The context `ghost` ranks with: the planner's, with its state (without it, the initial state for every entry). */
export type GhostContext = RankContext<GhostState>;

const atUse = (c: Candidate, ctx: GhostContext): GhostState => ctx.state?.atUse(c) ?? GHOST_INITIAL;

/**
 * On probation: used at most once since it arrived, and not a recent return (an entry evicted and fetched again
 * within RETURN_WINDOW tau of the eviction is kept like one used again: ARC's and S3-FIFO's ghost hit).
 */
export function onProbation(c: Candidate, ctx: GhostContext): boolean {
  if (c.usage.hits > 1) return false;
  const gap = c.usage.returnGapMs;
  return gap === undefined || gap > RETURN_WINDOW * atUse(c, ctx).tau;
}

/**
 * The key of an entry past probation, lowest first: its last use plus tauMain (as it was at that use) for every use
 * beyond the first and every time it came back. Frequency buys time measured in the cache's own clock, so the key
 * never changes until the entry is used again (GDSF's trick with L).
 */
export function ghostKey(c: Candidate, ctx: GhostContext): number {
  return ghostKeyOf(c.usage.lastUsedMs, atUse(c, ctx).tauMain, frequency(c, ctx), c.usage.refetches ?? 0);
}

/** The one formula (the simulator's ghost computes its keys with it: equal inputs, equal keys, bit for bit). */
export function ghostKeyOf(lastUsedMs: number, tau: number, uses: number, returns: number): number {
  return lastUsedMs + tau * (Math.min(Math.max(0, uses - 1), MAX_USES) + Math.min(returns, MAX_RETURNS));
}

/**
 * The eviction order: probation by recency while probation holds more than PROBATION_SHARE of the cache (shrinking
 * as entries go), else the lowest key. Consistent: every prefix is what evicting one at a time would choose.
 */
export function ghostOrder(cands: readonly Candidate[], ctx: GhostContext): Candidate[] {
  const probation: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const c of cands) (onProbation(c, ctx) ? probation : rest).push(c);
  const p = orderBy(probation);
  const m = orderBy(rest, (c) => ghostKey(c, ctx));
  let pBytes = p.reduce((s, c) => s + c.entry.bytes, 0);
  let cache = ctx.cacheBytes ?? cands.reduce((s, c) => s + c.entry.bytes, 0);
  const out: Candidate[] = [];
  let i = 0;
  let j = 0;
  while (i < p.length || j < m.length) {
    const fromP = i < p.length && (j >= m.length || pBytes > PROBATION_SHARE * cache);
    const c = fromP ? p[i++]! : m[j++]!;
    if (fromP) pBytes -= c.entry.bytes;
    cache -= c.entry.bytes;
    out.push(c);
  }
  return out;
}

const mean = (m: number, n: number, x: number): number => m + (x - m) / Math.min(n, TAU_WINDOW);

/** The state after evicting an entry idle for `idleMs`, from probation or (`main`) from past it. */
export function ghostAged(s: GhostState, idleMs: number, main: boolean): GhostState {
  const n = s.n + 1;
  const tau = mean(s.tau, n, idleMs);
  if (!main) return { ...s, tau, n };
  const nMain = s.nMain + 1;
  return { tau, n, tauMain: mean(s.tauMain, nMain, idleMs), nMain };
}

/**
 * History-aware: entries used once leave first, entries used again, and entries that came back after an eviction,
 * are kept longer (see docs/strategies.md, "ghost"). Ties by recency, then name.
 */
export const ghost: Strategy<GhostState> = {
  name: 'ghost',
  trigger: 'pressure',
  description: 'used-once entries first (while they hold over 10%), then lowest last use + uses and returns after eviction, in units of how long entries past probation last here',
  rank(cands, ctx) {
    return ghostOrder(cands, ctx);
  },
  state: {
    initial: GHOST_INITIAL,
    // Only victims chosen by rank move tau: an expired entry's idle time is the max-age's, not the cache's clock.
    next(deleted, ctx) {
      let s = ctx.state?.current ?? GHOST_INITIAL;
      for (const v of deleted) if (v.reason === 'over-threshold') s = ghostAged(s, ctx.now - v.usage.lastUsedMs, !onProbation(v, ctx));
      return s;
    },
  },
};
