import type { CommandModule } from 'yargs';
import { cleanFlags, planFlags, runFlags, scanFlags, withFlags, type CleanArgs } from '../flags.js';
import { inUseFlags } from '../flags-in-use.js';
import type { Output } from '../../term/output.js';

export function cleanCommand(o: Output, done: (code: number) => void): CommandModule<object, CleanArgs> {
  return {
    command: ['clean [cache-dir]', '$0 [cache-dir]'],
    describe: 'build, print and apply the eviction plan (--dry-run: build and print only)',
    builder: (y) => withFlags(y, scanFlags, planFlags, inUseFlags, runFlags, cleanFlags),
    handler: async (args) => done(await (await import('../../commands/clean.js')).runClean(args, o)),
  };
}
