import { DEFAULT_LOCK_STALE_MS, MAX_LOCK_STALE_MS, MIN_LOCK_STALE_MS } from '../apply/lock-timing.js';
import { UsageError } from '../shared/errors.js';
import { formatDuration, parseDuration } from '../shared/units.js';

/** Parse --lock-stale (a duration from 5s to 1d); none given is the lock's default. */
export function parseLockStale(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_LOCK_STALE_MS;
  const ms = parseDuration(text, '--lock-stale');
  if (ms < MIN_LOCK_STALE_MS) {
    throw new UsageError(`--lock-stale: '${text}' is too short (at least ${formatDuration(MIN_LOCK_STALE_MS)})`);
  }
  if (ms > MAX_LOCK_STALE_MS) throw new UsageError(`--lock-stale: '${text}' is too long (at most ${formatDuration(MAX_LOCK_STALE_MS)})`);
  return ms;
}
