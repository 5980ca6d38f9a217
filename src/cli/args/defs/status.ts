import type { CommandModule } from 'yargs';
import { scanFlags, withFlags, type StatusArgs } from '../flags.js';
import { inUseFlags } from '../flags-in-use.js';
import type { Output } from '../../term/output.js';

export function statusCommand(o: Output, done: (code: number) => void): CommandModule<object, StatusArgs> {
  return {
    command: 'status [cache-dir]',
    describe: 'inventory: entries, sizes, last use, disk figures',
    builder: (y) => withFlags(y, scanFlags, inUseFlags),
    handler: async (args) => done(await (await import('../../commands/status.js')).runStatus(args, o)),
  };
}
