import { UsageError } from '../../shared/errors.js';
import { parseDuration } from '../../shared/units.js';
import { pin } from '../../usage/store/write.js';
import { openStoreForWrite } from '../../usage/store/open.js';
import { clockFrom } from '../args/clock.js';
import { findEntry, layoutOf } from '../args/entry-arg.js';
import { makePrinter, type Output } from '../term/output.js';
import { locate } from '../../core/locate.js';
import { whereFrom } from '../args/core-options.js';
import type { PinArgs } from '../args/flags-store.js';
import { escapeName } from '../../shared/escape.js';

const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Pin entries: every run keeps them (reason `pinned`) until they are unpinned, or until the end --for or --until
 * gives (then they stop protecting by themselves). Pins are by name, so a name not in the cache yet (an image about to
 * be pre-cached) may be pinned: the pin applies when it appears.
 */
export async function runPin(args: PinArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const clock = clockFrom(args);
  const now = clock();
  const untilMs = pinEnd(args, now);
  const where = locate(whereFrom(args));
  const layout = layoutOf(where.root, args.layout);
  const found = (args.entry ?? []).map((e) => notAGlob(findEntry(where.root, layout, e)));
  const store = openStoreForWrite(where.stateDir);
  try {
    for (const { name, identity } of found) {
      const before = pin(store, where.root, name, now, untilMs);
      const shown = escapeName(name);
      const end = untilMs === null ? '' : ` until ${isoSec(untilMs)}`;
      const later = identity ? '' : ' (not in the cache yet: the pin applies when it appears)';
      if (!before.active) p.out(`pinned ${shown}${end}${later}`);
      else if (before.untilMs === untilMs) p.out(`${shown} was already pinned${end}`);
      else p.out(`pinned ${shown}${end || ' until unpinned'} (was ${before.untilMs === null ? 'until unpinned' : `until ${isoSec(before.untilMs)}`})${later}`);
    }
  } finally {
    store.close();
  }
  return 0;
}

/**
 * Pins are by name, and a name not in the cache yet is pinned ahead of time: `pin DIR '*'` (or `'golden-*'`) pinned
 * the literal name `*`, said "not in the cache yet", and protected nothing. A name that is not there and would be a
 * glob is refused before anything is written; an entry that has such a name is pinned.
 */
function notAGlob<T extends { name: string; identity: unknown }>(found: T): T {
  const last = found.name.slice(found.name.lastIndexOf('/') + 1);
  if (found.identity === null && /[*?[\]{}]/.test(last)) {
    const shown = escapeName(found.name);
    throw new UsageError(`pin: '${shown}' is not in the cache, and pin takes names, not globs; to keep every entry it matches, give --protect '${shown}' (or protect: in the config file)`);
  }
  return found;
}

/** When the pin ends (ms), from --for or --until; null for neither (until unpinned). Checked before anything is written. */
export function pinEnd(args: Pick<PinArgs, 'for' | 'until'>, now: number): number | null {
  if (args.for !== undefined && args.until !== undefined) throw new UsageError('pin: give --for or --until, not both');
  if (args.for !== undefined) {
    const ms = parseDuration(args.for, '--for');
    if (ms <= 0) throw new UsageError(`--for: '${args.for}' must be longer than 0`);
    return now + ms;
  }
  if (args.until === undefined) return null;
  // A date alone is midnight UTC, as Date.parse reads it; a date-time without a zone would be local time: refused.
  const ms = Date.parse(args.until);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(args.until) || !Number.isFinite(ms)) {
    throw new UsageError(`--until: '${args.until}' is not a date (2026-12-24) or a date-time with its zone (2026-12-24T18:00:00Z)`);
  }
  if (ms <= now) throw new UsageError(`--until: ${args.until} is already past: the pin would protect nothing`);
  return ms;
}
