import type { Argv, CommandModule } from 'yargs';
import type { SimulateArgs } from '../../commands/simulate.js';
import { simulateFlags } from '../flags-simulate.js';
import type { Output } from '../../term/output.js';

export function simulateCommand(o: Output, done: (code: number) => void): CommandModule<object, SimulateArgs> {
  return {
    command: 'simulate',
    describe: 'what-if: replay an access trace against strategies at cache sizes, with the optimum as the limit',
    builder: (y: Argv) => y.options(simulateFlags) as never,
    handler: async (args) => done(await (await import('../../commands/simulate.js')).runSimulate(args, o)),
  };
}
