/**
 * How long a lock may go without a refresh before it counts as left by a dead run (--lock-stale): the default and
 * the bounds, here beside the lock because its refresh period (a quarter of this, at least a second) decides them.
 */

/** A lock not refreshed for this long belongs to a run that died: the default of --lock-stale and of acquireLock. */
export const DEFAULT_LOCK_STALE_MS = 120_000;

/**
 * The shortest: the lock is refreshed every stale/4 (at least every second), and a refresh that comes later than
 * the stale period lets a live run be taken over; below a few seconds a busy host could do that.
 */
export const MIN_LOCK_STALE_MS = 5_000;

/** The longest: a dead run should not block the cache for days (and timers stay in range). */
export const MAX_LOCK_STALE_MS = 86_400_000;
