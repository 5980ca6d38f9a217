import type { Argv, CommandModule } from 'yargs';
import { clockFlags, configFlags, scanFlags, withFlags, withGroups } from '../flags.js';
import type { StoreResetArgs } from '../../commands/store-reset.js';
import { historyFlags, pinFlags, storeFlags, type EntriesArgs, type HistoryArgs, type PinArgs } from '../flags-store.js';
import type { Output } from '../../term/output.js';

type Done = (code: number) => void;
const entries = { type: 'string', array: true, describe: 'entry names, relative to the cache dir' } as const;

type RunEntries = (args: EntriesArgs, o: Output) => Promise<number>;

/** touch and unpin: the same arguments; each loads its own code when it runs, and ends its --help with its exit codes. */
function entriesCommand(name: string, describe: string, exitCodes: string, load: () => Promise<RunEntries>) {
  return (o: Output, done: Done): CommandModule<object, EntriesArgs> => ({
    command: `${name} <cache-dir> <entry..>`,
    describe,
    builder: (y) => withFlags(y, storeFlags).positional('entry', entries).epilog(exitCodes),
    handler: async (args) => done(await (await load())(args, o)),
  });
}

export const touchCommand = entriesCommand(
  'touch',
  'record a use (hit) of entries in the usage store (for hooks that run on every use)',
  ['Exit codes:', '  0  recorded', '  2  a name that is not an entry of the cache: nothing recorded'].join('\n'),
  async () => (await import('../../commands/touch.js')).runTouch,
);
/** pin's exit codes, in its --help. */
const PIN_EXIT_CODES = [
  'Exit codes:',
  '  0  pinned (a name not in the cache yet is pinned for when it appears)',
  '  2  a name that can never be an entry, a bad --for or --until (or one already past): nothing pinned',
].join('\n');

export function pinCommand(o: Output, done: Done): CommandModule<object, PinArgs> {
  return {
    command: 'pin <cache-dir> <entry..>',
    describe: 'protect entries across runs (kept with reason pinned) until unpinned, or until --for/--until ends',
    builder: (y) => withGroups(withFlags(y, storeFlags).positional('entry', entries), pinFlags).epilog(PIN_EXIT_CODES),
    handler: async (args) => done(await (await import('../../commands/pin.js')).runPin(args, o)),
  };
}
export const unpinCommand = entriesCommand(
  'unpin',
  'remove pins: the entries may be evicted again',
  ['Exit codes:', '  0  unpinned', '  2  a name that is not pinned (the other names given are unpinned)'].join('\n'),
  async () => (await import('../../commands/unpin.js')).runUnpin,
);

export function historyCommand(o: Output, done: Done): CommandModule<object, HistoryArgs> {
  return {
    command: 'history <cache-dir>',
    describe: 'past evictions of this cache: when, what, how big, why, which strategy',
    builder: (y) => withFlags(y, historyFlags),
    handler: async (args) => done(await (await import('../../commands/history.js')).runHistory(args, o)),
  };
}

/** `store reset`: the deliberate fresh start of the usage store (the old one kept aside). */
export function storeCommand(o: Output, done: Done): CommandModule<object, StoreResetArgs> {
  return {
    command: 'store',
    describe: 'manage the usage store: `store reset` keeps it aside and starts a new, empty one',
    builder: (y: Argv) =>
      y
        .command({
          command: 'reset',
          describe: 'rename the usage store aside (usage.db.<time>) and start a new, empty one: pins and history start afresh',
          builder: (yy: Argv) => withGroups(yy, configFlags, { 'state-dir': scanFlags['state-dir'], quiet: scanFlags.quiet }, clockFlags),
          handler: async (args) => done(await (await import('../../commands/store-reset.js')).runStoreReset(args as StoreResetArgs, o)),
        })
        .demandCommand(1, 'give a store command: reset') as never,
    handler: () => undefined,
  };
}
