import { UsageError } from '../shared/errors.js';
import { parseDuration } from '../shared/units.js';

/**
 * --lock-stale: how long a mkdir lock left by an older cachesweep (before the kernel lock) may go unrefreshed before
 * it counts as left by a dead run. cachesweep's own lock never goes stale; the flag stays accepted, with the bounds
 * it always had, because cron lines and config files give it.
 */
export const DEFAULT_LOCK_STALE_MS = 120_000;

/**
 * The shortest: an older cachesweep refreshed its lock every stale/4 (at least every second); below a few seconds a
 * busy host could miss that and this run would remove the lock of a live older run.
 */
export const MIN_LOCK_STALE_MS = 5_000;

/** The longest: an older run's dead lock should not block the cache for days. */
export const MAX_LOCK_STALE_MS = 86_400_000;

/** Parse --lock-stale (a duration from 5s to 1d). */
export function parseLockStale(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_LOCK_STALE_MS;
  const ms = parseDuration(text, '--lock-stale');
  if (ms < MIN_LOCK_STALE_MS) throw new UsageError(`--lock-stale: '${text}' is too short (at least 5s)`);
  if (ms > MAX_LOCK_STALE_MS) throw new UsageError(`--lock-stale: '${text}' is too long (at most 1d)`);
  return ms;
}
