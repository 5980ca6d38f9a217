import { formatDuration } from '../shared/units.js';
import type { Entry, Usage } from '../shared/types.js';

/**
 * When the access times of a cache say "everything was just read" rather than "everything was just used".
 * Reading every file once (`md5sum` to verify the images, a backup, a virus scan) sets every atime to the same few
 * minutes, and with atimes counting as use every entry then looks idle for minutes: a clean evicts nothing
 * (`too-young`, `not-expired`) and nothing says why. docs/usage.md states these numbers.
 */
export const ATIME_BURST = {
  /** Fewer entries not in use than this say nothing (three files read together are just three files used). */
  minEntries: 5,
  /** The share of the entries not in use whose last read falls in one window. */
  share: 0.8,
  /** The window: one pass over a cache reads it in minutes. */
  windowMs: 10 * 60_000,
  /** Read at least this long after last written: a download is written and read at once, a bulk read comes later. */
  readAfterWriteMs: 24 * 3_600_000,
} as const;

export type AtimeBurstRule = { readonly [K in keyof typeof ATIME_BURST]: number };

/** A bulk read found: `count` of the `of` entries counted were last read between `fromMs` and `toMs`. */
export interface AtimeBurst {
  count: number;
  of: number;
  fromMs: number;
  toMs: number;
}

/**
 * The bulk read the access times show, if any. Counted: entries not in use (Nova reads the images its instances use
 * on every pass, so in-use entries share recent atimes for a good reason) and not left alone as unknown (symbolic
 * links, mount points), with an access time. A burst: at least `minEntries` counted, and at least `share` of them
 * last read within one `windowMs`, each at least `readAfterWriteMs` after its last modification. Pure.
 */
export function findAtimeBurst(entries: readonly Entry[], usage: ReadonlyMap<string, Usage>, rule: AtimeBurstRule = ATIME_BURST): AtimeBurst | undefined {
  const counted = entries.filter((e) => !e.unknown && e.atimeMs > 0 && !(usage.get(e.name)?.inUse.length));
  if (counted.length < rule.minEntries) return undefined;
  const reads = counted
    .filter((e) => e.atimeMs - e.mtimeMs >= rule.readAfterWriteMs)
    .map((e) => e.atimeMs)
    .sort((a, b) => a - b);
  let best: AtimeBurst | undefined;
  for (let i = 0, j = 0; j < reads.length; j++) {
    while (reads[j]! - reads[i]! > rule.windowMs) i++;
    if (!best || j - i + 1 > best.count) best = { count: j - i + 1, of: counted.length, fromMs: reads[i]!, toMs: reads[j]! };
  }
  return best && best.count >= rule.share * counted.length ? best : undefined;
}

const minute = (ms: number): string => new Date(ms).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');

/** The one warning line for a burst, `now` giving how long ago it was. */
export function atimeBurstWarning(b: AtimeBurst, now: number, rule: AtimeBurstRule = ATIME_BURST): string {
  const ago = now > b.toMs ? `, ${formatDuration(now - b.toMs)} ago` : '';
  return (
    `access times look reset: ${b.count} of ${b.of} entries not in use were last read within ${formatDuration(rule.windowMs)} of each other ` +
    `(around ${minute(b.toMs)}${ago}), each at least ${formatDuration(rule.readAfterWriteMs)} after it was last written, ` +
    `as when something reads every file (md5sum, a backup, a virus scan); their idle times count from that read. ` +
    `If so, run with --no-atime: only modification times and recorded uses count`
  );
}
