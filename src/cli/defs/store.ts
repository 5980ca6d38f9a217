import type { CommandModule } from 'yargs';
import { scanFlags, storeFlags, withFlags } from '../flags.js';
import type { HistoryArgs } from '../commands/history.js';
import type { EntriesArgs } from '../commands/touch.js';
import type { Output } from '../output.js';

type Done = (code: number) => void;
const entries = { type: 'string', array: true, describe: 'entry names, relative to the cache dir' } as const;

export function touchCommand(o: Output, done: Done): CommandModule<object, EntriesArgs> {
  return {
    command: 'touch <cache-dir> <entries..>',
    describe: 'record a use (hit) of entries in the usage store (for hooks that run on every use)',
    builder: (y) => withFlags(y, storeFlags).positional('entries', entries) as never,
    handler: async (args) => done(await (await import('../commands/touch.js')).runTouch(args, o)),
  };
}

export function pinCommand(o: Output, done: Done): CommandModule<object, EntriesArgs> {
  return {
    command: 'pin <cache-dir> <entries..>',
    describe: 'protect entries across runs (kept with reason pinned) until unpinned',
    builder: (y) => withFlags(y, storeFlags).positional('entries', entries) as never,
    handler: async (args) => done(await (await import('../commands/pin.js')).runPin(args, o)),
  };
}

export function unpinCommand(o: Output, done: Done): CommandModule<object, EntriesArgs> {
  return {
    command: 'unpin <cache-dir> <entries..>',
    describe: 'remove pins: the entries may be evicted again',
    builder: (y) => withFlags(y, storeFlags).positional('entries', entries) as never,
    handler: async (args) => done(await (await import('../commands/unpin.js')).runUnpin(args, o)),
  };
}

const historyFlags = {
  'state-dir': scanFlags['state-dir']!,
  json: scanFlags.json!,
  format: scanFlags.format!,
  quiet: scanFlags.quiet!,
  since: { type: 'string', describe: 'only evictions in this last period (e.g. 30d, 12h)' },
} as const;

export function historyCommand(o: Output, done: Done): CommandModule<object, HistoryArgs> {
  return {
    command: 'history <cache-dir>',
    describe: 'past evictions of this cache: when, what, how big, why, which strategy',
    builder: (y) => withFlags(y, historyFlags) as never,
    handler: async (args) => done(await (await import('../commands/history.js')).runHistory(args, o)),
  };
}
