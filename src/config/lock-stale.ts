import { UsageError } from '../shared/errors.js';
import { parseDuration } from '../shared/units.js';

/** --lock-stale default: a lock not refreshed for this long belongs to a run that died. */
export const DEFAULT_LOCK_STALE_MS = 120_000;

/**
 * The shortest --lock-stale: the lock is refreshed every stale/4 (at least every second), and a refresh that
 * comes later than the stale period lets a live run be taken over; below a few seconds a busy host could do that.
 */
export const MIN_LOCK_STALE_MS = 5_000;

/** The longest --lock-stale: a dead run should not block the cache for days (and timers stay in range). */
export const MAX_LOCK_STALE_MS = 86_400_000;

/** Parse --lock-stale (a duration from 5s to 1d). */
export function parseLockStale(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_LOCK_STALE_MS;
  const ms = parseDuration(text, '--lock-stale');
  if (ms < MIN_LOCK_STALE_MS) throw new UsageError(`--lock-stale: '${text}' is too short (at least 5s: the lock is refreshed every quarter of it)`);
  if (ms > MAX_LOCK_STALE_MS) throw new UsageError(`--lock-stale: '${text}' is too long (at most 1d)`);
  return ms;
}
