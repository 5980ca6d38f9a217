import type { CommandModule } from 'yargs';
import { withGroups } from '../flags.js';
import { simulateFlags, type SimulateArgs } from '../flags-simulate.js';
import type { Output } from '../../term/output.js';

export function simulateCommand(o: Output, done: (code: number) => void): CommandModule<object, SimulateArgs> {
  return {
    command: 'simulate',
    describe: 'what-if: replay an access trace against strategies at cache sizes, with the optimum as the limit',
    builder: (y) => withGroups(y, simulateFlags),
    handler: async (args) => done(await (await import('../../commands/simulate.js')).runSimulate(args, o)),
  };
}
