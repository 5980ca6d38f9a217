import type { Entry, Reason, Usage } from '../shared/types.js';

/** An eligible entry offered to a strategy for ranking. */
export interface Candidate {
  entry: Entry;
  usage: Usage;
  /** now - usage.lastUsedMs */
  idleMs: number;
}

/**
 * Numbers a strategy carries from one clean run to the next, by name (gdsf: `{ L }`), kept per cache root in the
 * usage store. Plain numbers, so that the store can copy them without knowing any strategy.
 */
export type StateValues = Readonly<Record<string, number>>;

/** What a strategy with state sees of it while ranking (see `Strategy.state`). */
export interface StateView<S extends StateValues = StateValues> {
  /** The root's state as the last clean run left it: the strategy's `initial` when none did. */
  readonly current: S;
  /** The root's state at the entry's last recorded use; `current` for an entry not recorded yet (it arrived since). */
  atUse(c: Candidate): S;
}

export interface RankContext<S extends StateValues = StateValues> {
  /** The clock, passed in: strategies never read it themselves. */
  now: number;
  /** Half-life for decaying hits (frequency strategies). */
  halfLifeMs?: number;
  /** Bytes of the whole cache (candidates or not), for a strategy that shares it out (ghost's probation). */
  cacheBytes?: number;
  /** A strategy with state: its state (the planner always gives one; absent means `initial` for every entry). */
  state?: StateView<S>;
}

/** A victim as the state hook sees it: a candidate and why it went (only `over-threshold` ones were chosen by rank). */
export interface Evicted extends Candidate {
  reason: Reason;
}

/**
 * The hook of a strategy that keeps state between runs. The planner stays pure: the state comes in with the plan's
 * input, and the plan says the state it leaves (`Plan.state`); the run recorder stores it after a clean. Dry runs
 * change nothing. The usage store copies the root's state to an entry at each use of it (first seen, `touch`, seen
 * in use), which is what `StateView.atUse` returns.
 */
export interface StrategyState<S extends StateValues> {
  /** The state of a root no clean run has left any for (and of every entry, without a store). */
  readonly initial: S;
  /** The state a clean run leaves once it deleted `deleted` (its victims, in deletion order). Pure. */
  next(deleted: readonly Evicted[], ctx: RankContext<S>): S;
}

/**
 * An eviction strategy: a pure ranking. `expiry` strategies evict what has expired;
 * `pressure` strategies evict in rank order until a target is met.
 */
export interface Strategy<S extends StateValues = StateValues> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly trigger: 'expiry' | 'pressure';
  /** One line for `--help` and docs. */
  readonly description: string;
  /** A new array of the same candidate objects, first to evict first. Must be deterministic (ties broken down to the name). */
  rank(candidates: readonly Candidate[], ctx: RankContext<S>): Candidate[];
  /** Something the plan should say about this ranking (e.g. a fallback), if any. */
  note?(candidates: readonly Candidate[], ctx: RankContext<S>): string | undefined;
  /** Present when the strategy keeps state between runs (gdsf's aging value). */
  readonly state?: StrategyState<S>;
}

/** Least recently used first, then by name: the tie-break every strategy ends with. */
export function byRecency(a: Candidate, b: Candidate): number {
  return a.usage.lastUsedMs - b.usage.lastUsedMs || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
}
