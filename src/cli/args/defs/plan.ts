import type { CommandModule } from 'yargs';
import { planFlags, runFlags, scanFlags, withFlags, type PlanArgs } from '../flags.js';
import { inUseFlags } from '../flags-in-use.js';
import type { Output } from '../../term/output.js';

export function planCommand(o: Output, done: (code: number) => void): CommandModule<object, PlanArgs> {
  return {
    command: 'plan [cache-dir]',
    describe: 'build and print the eviction plan; change nothing (same as clean --dry-run)',
    builder: (y) => withFlags(y, scanFlags, planFlags, inUseFlags, runFlags),
    handler: async (args) => done(await (await import('../../commands/plan.js')).runPlan(args, o)),
  };
}
