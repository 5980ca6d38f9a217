import type { CommandModule } from 'yargs';
import type { ConfigContext } from '../config-middleware.js';
import { cleanFlags, planFlags, runFlags, scanFlags, withFlags, type CleanArgs } from '../flags.js';
import { inUseFlags } from '../flags-in-use.js';
import type { Output } from '../../term/output.js';

export function configCommand(o: Output, done: (code: number) => void, ctx: ConfigContext): CommandModule<object, CleanArgs> {
  return {
    command: 'config [cache-dir]',
    describe: 'show the effective options and where each came from (flags, CACHESWEEP_* variables, profile, config file, defaults)',
    builder: (y) =>
      withFlags(y, scanFlags, planFlags, inUseFlags, runFlags, cleanFlags).option('print', {
        type: 'boolean',
        default: true,
        describe: 'print the effective options (what `config` does)',
      }),
    handler: async (args) => done(await (await import('../../commands/config.js')).runConfig(args, o, ctx)),
  };
}
