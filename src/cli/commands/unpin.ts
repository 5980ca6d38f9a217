import { UsageError } from '../../shared/errors.js';
import { unpin } from '../../usage/store/write.js';
import { openStoreForWrite } from '../../usage/store/open.js';
import { entryName } from '../args/entry-arg.js';
import { makePrinter, type Output } from '../term/output.js';
import { locate } from '../../core/locate.js';
import { whereFrom } from '../args/core-options.js';
import type { EntriesArgs } from '../args/flags-store.js';
import { escapeName } from '../../shared/escape.js';

/** Remove pins. The entry need not exist any more (a pin may outlive its file); a name that was not pinned is an error. */
export async function runUnpin(args: EntriesArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const where = locate(whereFrom(args));
  const names = (args.entry ?? []).map((e) => entryName(where.root, e));
  const store = openStoreForWrite(where.stateDir);
  const notPinned: string[] = [];
  try {
    for (const n of names) {
      if (unpin(store, where.root, n)) p.out(`unpinned ${escapeName(n)}`);
      else notPinned.push(n);
    }
  } finally {
    store.close();
  }
  if (notPinned.length > 0) throw new UsageError(`unpin: not pinned in ${where.root}: ${notPinned.join(', ')}`);
  return 0;
}
