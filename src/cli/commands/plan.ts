import { checkArgs } from '../args/check-args.js';
import type { PlanArgs } from '../args/flags.js';
import type { Output } from '../term/output.js';
import { makePrinter } from '../term/output.js';
import { locate, preparePlan } from '../pipeline.js';
import { exitCodeOf, printOutcome, printPlanText } from '../report-plan.js';
import { exitCodeOfError, RunOutputs } from '../run-outputs.js';

/** Build and print the plan; change nothing. Also `clean --dry-run`. */
export async function runPlan(args: PlanArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const { plan: options } = checkArgs(args);
  const outputs = new RunOutputs(args, o, { dryRun: true });
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
