/**
 * --lock-stale: how long a mkdir lock left by an older cachesweep (before the kernel lock) may go unrefreshed before
 * it counts as left by a dead run and is removed. cachesweep's own lock (an fcntl lock the kernel drops with its
 * process) never goes stale; the flag stays accepted, with the bounds it always had, because cron lines and config
 * files give it. Here beside the lock, which applies it.
 */

/** The default of --lock-stale and of acquireLock. */
export const DEFAULT_LOCK_STALE_MS = 120_000;

/**
 * The shortest: an older cachesweep refreshed its lock every stale/4 (at least every second); below a few seconds a
 * busy host could miss that, and this run would remove the lock of a live older run.
 */
export const MIN_LOCK_STALE_MS = 5_000;

/** The longest: an older run's dead lock should not block the cache for days. */
export const MAX_LOCK_STALE_MS = 86_400_000;
