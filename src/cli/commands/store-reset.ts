import path from 'node:path';
import { assertStateDirUsable, resolveStateDir, stateDirSource } from '../../core/state-dir.js';
import { resetStore } from '../../usage/store/reset.js';
import { nowFrom } from '../args/clock.js';
import { makePrinter, type Output } from '../term/output.js';

export interface StoreResetArgs {
  stateDir?: string;
  quiet?: boolean;
  now?: string;
}

/**
 * `cachesweep store reset`: keep the state directory's usage store aside (renamed with a timestamp) and start a new,
 * empty one. The one way to a fresh store once one existed: an emptied or replaced store is refused (exit 2).
 */
export async function runStoreReset(args: StoreResetArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const stateDir = resolveStateDir(args.stateDir);
  assertStateDirUsable(stateDir, stateDirSource(args.stateDir));
  const r = resetStore(stateDir, nowFrom(args));
  if (r.movedAside.length === 0) p.out(`no usage store in ${stateDir} yet`);
  else {
    const held = r.old ? ` (store ${r.old.id ?? 'without an identity'}: ${r.old.pins} pins, ${r.old.entries} entries)` : '';
    const also = r.movedAside.length > 1 ? `, with ${r.movedAside.slice(1).map((f) => path.basename(f)).join(', ')}` : '';
    p.out(`moved the usage store ${r.file} aside to ${r.movedAside[0]}${also}${held}`);
  }
  p.out(`created a new empty usage store ${r.file} (store ${r.id})`);
  return 0;
}
