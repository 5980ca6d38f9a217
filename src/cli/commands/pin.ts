import { pin } from '../../usage/store/write.js';
import { openStoreForWrite } from '../../usage/store/open.js';
import { clockFrom } from '../args/clock.js';
import { layoutOf, resolveEntry } from '../args/entry-arg.js';
import { makePrinter, type Output } from '../term/output.js';
import { locate } from '../../core/locate.js';
import { whereFrom } from '../args/core-options.js';
import type { EntriesArgs } from '../args/flags-store.js';
import { escapeName } from '../../shared/escape.js';

/** Pin entries: every run keeps them (reason `pinned`) until they are unpinned. Pins are by name. */
export async function runPin(args: EntriesArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const clock = clockFrom(args);
  const where = locate(whereFrom(args));
  const layout = layoutOf(where.root, args.layout);
  const names = (args.entry ?? []).map((e) => resolveEntry(where.root, layout, e).name);
  const store = openStoreForWrite(where.stateDir);
  try {
    for (const n of names) p.out(pin(store, where.root, n, clock()) ? `pinned ${escapeName(n)}` : `${escapeName(n)} was already pinned`);
  } finally {
    store.close();
  }
  return 0;
}
