import type { Entry, Usage } from '../shared/types.js';

/** An eligible entry offered to a strategy for ranking. */
export interface Candidate {
  entry: Entry;
  usage: Usage;
  /** now - usage.lastUsedMs */
  idleMs: number;
}

export interface RankContext {
  /** The clock, passed in: strategies never read it themselves. */
  now: number;
  /** Half-life for decaying hits (frequency strategies). */
  halfLifeMs?: number;
  /** Bytes of the whole cache (candidates or not), for a strategy that shares it out (ghost's probation). */
  cacheBytes?: number;
}

/**
 * An eviction strategy: a pure ranking. `expiry` strategies evict what has expired;
 * `pressure` strategies evict in rank order until a target is met.
 */
export interface Strategy {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly trigger: 'expiry' | 'pressure';
  /** One line for `--help` and docs. */
  readonly description: string;
  /** A new array of the same candidate objects, first to evict first. Must be deterministic (ties broken down to the name). */
  rank(candidates: readonly Candidate[], ctx: RankContext): Candidate[];
  /** Something the plan should say about this ranking (e.g. a fallback), if any. */
  note?(candidates: readonly Candidate[], ctx: RankContext): string | undefined;
}

/** Least recently used first, then by name: the tie-break every strategy ends with. */
export function byRecency(a: Candidate, b: Candidate): number {
  return a.usage.lastUsedMs - b.usage.lastUsedMs || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
}
