import type { Entry, Usage } from '../shared/types.js';
import type { PlanOptions } from './types.js';

/**
 * When an entry arrived in the cache, and whether it has been used since: what --pin-new counts from and what makes
 * an entry warm. Pure.
 */

/** When the entry appeared: its mtime, or when cachesweep first saw it if later (a copy that kept an old mtime). */
export function appearedMs(entry: Entry, usage: Usage): number {
  return Math.max(entry.mtimeMs, usage.firstSeenMs ?? 0);
}

export const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Is the entry warm at `now`: it arrived less than --warm-grace ago and nothing has used it since, so it is kept
 * (`warm`) rather than be lru's or lfu's first victim, having no use to its name yet. Unused means no read after its
 * write (its last use, atime included, is not after its mtime: relatime moves the atime at the first read after a
 * write), no recorded hit, and nothing using it now (in use is decided before). Returns the detail, or null. Once the
 * grace is over it is any entry: its write is its one use, and the strategies rank it by that.
 */
export function warmFor(entry: Entry, usage: Usage, opts: Pick<PlanOptions, 'warmGraceMs'>, now: number): string | null {
  const grace = opts.warmGraceMs ?? 0;
  if (grace <= 0 || usage.hits > 0 || usage.lastUsedMs > entry.mtimeMs) return null;
  const arrived = appearedMs(entry, usage);
  if (now - arrived >= grace) return null;
  return `arrived ${isoSec(arrived)}, not used since; grace ends ${isoSec(arrived + grace)}`;
}
