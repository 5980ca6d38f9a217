import type { CommandModule } from 'yargs';
import { cleanFlags, evictFlags, evictSafetyFlags, runFlags, scanFlags, withFlags, type EvictArgs } from '../flags.js';
import { inUseFlags } from '../flags-in-use.js';
import type { Output } from '../../term/output.js';

/** evict's exit codes, in its --help (docs/exit-codes.md has them all). */
export const EVICT_EXIT_CODES = [
  'Exit codes:',
  '  0  every entry asked for was deleted (with --all: every entry that may go)',
  '  2  usage error, or a name or --match that selects no entry: nothing deleted',
  '  3  another run holds the lock on this cache',
  '  4  an entry asked for was not deleted (in use, pinned, protected, partial, unknown,',
  '     too young, changed since the scan), or a deletion failed; the others were deleted',
  '  130/143  stopped by SIGINT/SIGTERM',
].join('\n');

export function evictCommand(o: Output, done: (code: number) => void): CommandModule<object, EvictArgs> {
  return {
    command: 'evict <cache-dir> [entry..]',
    describe: "delete the named entries (or --match GLOB, or --all) with clean's safety: lock, in-use and pin checks, re-check, audit record",
    builder: (y) =>
      withFlags(y, scanFlags, evictSafetyFlags, inUseFlags, runFlags, cleanFlags, evictFlags)
        .positional('entry', { type: 'string', array: true, describe: 'entry names, relative to the cache dir (as pin takes them)' })
        .epilog(EVICT_EXIT_CODES) as never,
    handler: async (args) => done(await (await import('../../commands/evict.js')).runEvict(args, o)),
  };
}
