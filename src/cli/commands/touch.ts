import { recordHit } from '../../usage/store/write.js';
import { openStoreForWrite, TOUCH_BUSY_TIMEOUT_MS } from '../../usage/store/open.js';
import { clockFrom } from '../args/clock.js';
import { layoutOf, resolveEntry } from '../args/entry-arg.js';
import type { EntriesArgs } from '../args/flags-store.js';
import { makePrinter, type Output } from '../term/output.js';
import { locate } from '../../core/locate.js';
import { whereFrom } from '../args/core-options.js';
import { escapeName } from '../../shared/escape.js';

/**
 * Record a use (hit) of each named entry: for hooks that run on every use of an image. Each hit is its
 * own transaction, so many processes touching at once lose nothing. Every entry must exist in the cache.
 */
export async function runTouch(args: EntriesArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const clock = clockFrom(args);
  const where = locate(whereFrom(args));
  const layout = layoutOf(where.root, args.layout);
  // Check every name before recording anything: a typo records no hit at all.
  const targets = (args.entry ?? []).map((e) => resolveEntry(where.root, layout, e));
  const store = openStoreForWrite(where.stateDir, { busyTimeoutMs: TOUCH_BUSY_TIMEOUT_MS });
  try {
    for (const t of targets) {
      const hits = recordHit(store, where.root, t, clock());
      p.out(`${escapeName(t.name)}: ${hits} hit${hits === 1 ? '' : 's'}`);
    }
  } finally {
    store.close();
  }
  return 0;
}
