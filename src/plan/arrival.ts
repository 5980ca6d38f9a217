import type { Entry, Usage } from '../shared/types.js';
import { formatDuration } from '../shared/units.js';
import type { PlanOptions } from './types.js';

/**
 * When an entry arrived in the cache, and whether it has been used since: what --pin-new counts from and what makes
 * an entry warm. Pure.
 */

/**
 * When the entry appeared: its mtime, or when a source saw it arrive if later (a copy that kept an old mtime). Not
 * cachesweep's first sight of an entry already there at its first run (Usage.arrivedByMs).
 */
export function appearedMs(entry: Entry, usage: Usage): number {
  return Math.max(entry.mtimeMs, usage.arrivedByMs ?? 0);
}

export const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Is the entry warm at `now`: it arrived less than --warm-grace ago and nothing has used it since, so it is kept
 * (`warm`) rather than be lru's or lfu's first victim, having no use to its name yet. Unused means no read after its
 * write (its last use, atime included, is not after its mtime: relatime moves the atime at the first read after a
 * write) other than the check its own writer makes at once (Entry.writerCheck: Nova's inspection of each download,
 * which would otherwise make every image Nova pre-caches look read), no recorded hit, and nothing using it now (in
 * use is decided before). Returns the detail, or null. Once the grace is over it is any entry: its write is its one
 * use, and the strategies rank it by that.
 *
 * `maxAgeMs`, the age that expires this entry in this run (--max-age, or its class's age under the age strategy),
 * ends the grace too: that age is the operator's word on how long an unused entry stays, and the grace is for the
 * strategies' choice under pressure, not to stretch it. nova.conf's remove_unused_resized_minimum_age_seconds (1h)
 * or an original age of 3600 means Nova itself would remove such an image after an hour; the 24h default grace must
 * not silently keep it a day. Under the default age rule the two agree for originals (24h each).
 */
export function warmFor(entry: Entry, usage: Usage, opts: Pick<PlanOptions, 'warmGraceMs'>, now: number, maxAgeMs?: number): string | null {
  const grace = opts.warmGraceMs ?? 0;
  const readAfterWriteMs = usage.lastUsedMs - entry.mtimeMs;
  if (grace <= 0 || usage.hits > 0 || readAfterWriteMs > (entry.writerCheck?.withinMs ?? 0)) return null;
  if (maxAgeMs !== undefined && now - usage.lastUsedMs >= maxAgeMs) return null;
  const arrived = appearedMs(entry, usage);
  if (now - arrived >= grace) return null;
  const check = readAfterWriteMs > 0 ? ` (read ${formatDuration(readAfterWriteMs)} after its write: ${entry.writerCheck!.what}, not a use)` : '';
  return `arrived ${isoSec(arrived)}, not used since${check}; grace ends ${isoSec(arrived + grace)}`;
}
