import type { CommandModule } from 'yargs';
import { planOptionsFrom } from '../../config/options.js';
import { planFlags, runFlags, scanFlags, withFlags, type CliArgs } from '../flags.js';
import type { Output } from '../output.js';
import { inUseFlags } from '../flags-in-use.js';
import { makePrinter } from '../output.js';
import { locate, preparePlan } from '../pipeline.js';
import { exitCodeOf, printOutcome, printPlanText } from '../report-plan.js';
import { exitCodeOfError, RunOutputs } from '../run-outputs.js';

/** Build and print the plan; change nothing. Also `clean --dry-run`. */
export async function runPlan(args: CliArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const outputs = new RunOutputs(args, o, { dryRun: true });
  const options = planOptionsFrom(args);
  const where = locate(args);
  outputs.checkRoot(where.root);
  try {
    const { plan, prepared } = await preparePlan(args, options, where, { onScanProgress: outputs.progress.scan });
    outputs.progress.end();
    outputs.planned(plan, prepared.scan.warnings, prepared.scan.unreadable);
    for (const w of prepared.scan.warnings) p.warn(w);
    printPlanText(p, plan, true);
    const unreadable = prepared.scan.unreadable;
    const exitCode = exitCodeOf(plan, undefined, undefined, unreadable);
    printOutcome(p, plan, { dryRun: true, warnings: prepared.scan.warnings, unreadable, exitCode });
    return outputs.finish(exitCode);
  } catch (err) {
    outputs.finish(exitCodeOfError(err));
    throw err;
  }
}

export function planCommand(o: Output, done: (code: number) => void): CommandModule<object, CliArgs> {
  return {
    command: 'plan [cache-dir]',
    describe: 'build and print the eviction plan; change nothing (same as clean --dry-run)',
    builder: (y) => withFlags(y, scanFlags, planFlags, inUseFlags, runFlags) as never,
    handler: async (args) => done(await runPlan(args, o)),
  };
}
