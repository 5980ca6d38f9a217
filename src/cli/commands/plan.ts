import { planCache } from '../../core/api.js';
import { planOf } from '../../core/results.js';
import { checkArgs } from '../args/check-args.js';
import { cacheOptionsFrom } from '../args/core-options.js';
import type { PlanArgs } from '../args/flags.js';
import { makePrinter, type Output } from '../term/output.js';
import { exitCodeOf, printOutcome, printPlanText } from '../term/report-plan.js';
import { exitCodeOfError, RunOutputs } from '../term/run-outputs.js';

/** Build and print the plan; change nothing. Also `clean --dry-run`. */
export async function runPlan(args: PlanArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const { plan: planOptions } = checkArgs(args);
  const outputs = new RunOutputs(args, o, { dryRun: true });
  const options = { ...cacheOptionsFrom(args), plan: planOptions };
  try {
    const result = await planCache(options, {
      onLocated: (where) => outputs.checkRoot(where.root),
      onScanProgress: outputs.progress.scan,
    });
    const plan = planOf(result);
    outputs.progress.end();
    outputs.planned(plan, [...result.warnings], result.unreadable);
    for (const w of result.warnings) p.warn(w);
    printPlanText(p, plan, true, args.allEntries);
    const exitCode = exitCodeOf(plan, undefined, undefined, result.unreadable);
    printOutcome(p, plan, { dryRun: true, warnings: [...result.warnings], unreadable: result.unreadable, exitCode });
    return outputs.finish(exitCode);
  } catch (err) {
    outputs.finish(exitCodeOfError(err));
    throw err;
  }
}
