import type { StateValues } from '../policy/strategy.js';

/**
 * Shared types of the simulator (`cachesweep simulate`), at the bottom of src/sim's imports.
 * A trace is a sequence of requests (time, id, size); a policy serves them one by one.
 */

/** An object's id as the trace gives it: a number when it is a plain decimal integer (faster to hash), else the text. */
export type Key = number | string;

/**
 * Policies see ids as numbers: trace ids that are numbers as they are, text ids interned by the engine as
 * negative numbers (-1, -2, ...), so that every table is a fast numeric one.
 */
export type Id = number;

/**
 * A cache policy replayed online, request by request. Capacity and sizes are bytes. A request is a hit when the id
 * is cached; on a miss the object is admitted (after evicting until it fits) unless it is larger than the whole cache.
 */
export interface Policy {
  readonly name: string;
  readonly capacity: number;
  /** Bytes of the cached objects. */
  readonly used: number;
  /** Number of cached objects. */
  readonly count: number;
  /**
   * Serve one request; true on a hit. `time` is the trace's clock in seconds (NaN when the trace has none);
   * `next` is the index of this object's next request (Infinity when there is none, NaN when not computed):
   * only the offline optimum reads it.
   */
  access(key: Id, size: number, time: number, next: number): boolean;
  /** Tests: called with each victim right before it is evicted, while it is still cached. */
  onEvict: ((key: Id) => void) | undefined;
}

/** What an online policy mirroring one of the planner's strategies knows about a cached object. */
export interface CachedObject {
  key: Id;
  size: number;
  /** Index of the object's last request (the simulator's clock: one tick per request, so never a tie). */
  lastAccess: number;
  /** Requests of the object since it was admitted, the admitting one included. */
  hits: number;
  /** A strategy with state (gdsf): the policy's state at the object's last request, as the store keeps it per entry. */
  stateAtUse?: StateValues;
  /** age: the trace time (seconds) of the object's last request. */
  lastTime?: number;
  /** ghost: how often the id came back after an eviction, and, for the current stay, how long after its eviction. */
  refetches?: number;
  returnGap?: number;
}

/** A policy that mirrors a planner strategy: it can show its state, so tests can rank it with the planner. */
export interface MirrorPolicy extends Policy {
  snapshot(): CachedObject[];
  /** A strategy with state (gdsf): the policy's state now, as the store keeps it per root. */
  state?(): StateValues;
}
