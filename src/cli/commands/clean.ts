import { cleanCache } from '../../core/clean.js';
import { planOf } from '../../core/results.js';
import { checkArgs } from '../args/check-args.js';
import { cacheOptionsFrom } from '../args/core-options.js';
import type { CliArgs } from '../args/flags.js';
import type { PlanOptions } from '../../plan/types.js';
import { plural } from '../../report/plural.js';
import { EXIT } from '../exit-codes.js';
import { makePrinter, type Output } from '../term/output.js';
import { exitCodeOf, printOutcome, printPlanText } from '../term/report-plan.js';
import { exitCodeOfError, RunOutputs } from '../term/run-outputs.js';
import { holdBeforeApply } from './hold-before-apply.js';
import { runPlan } from './plan.js';
import { UsageError } from '../../shared/errors.js';

/**
 * `--lock-file "$UNSET"` locked in the default place: a second job given the intended file did not exclude this one,
 * and both cleaned the cache at once.
 */
function lockFileOf(file: string): string {
  if (file === '') throw new UsageError('--lock-file: an empty value is not a file; give the lock file every run of this cache uses, or leave --lock-file out');
  return file;
}

/** Build, print and apply the plan, under the per-cache lock (src/core/clean.ts); `evict` with its own plan options. */
export async function runClean(args: CliArgs, o: Output, planFrom?: (a: CliArgs) => PlanOptions): Promise<number> {
  if (args.dryRun) return runPlan(args, o, planFrom);
  const p = makePrinter(o, args);
  const { plan: planOptions, lockStaleMs, waitMs } = checkArgs(args, planFrom);
  const outputs = new RunOutputs(args, o, { dryRun: false });
  const options = { ...cacheOptionsFrom(args), plan: planOptions, lockStaleMs, waitMs, ...(args.lockFile !== undefined ? { lockFile: lockFileOf(args.lockFile) } : {}) };
  // SIGINT/SIGTERM stop the run after the current entry: the core asks before each deletion.
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    signal ??= s;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { plan: result, applied, storeError, pruned } = await cleanCache(options, {
      onLocated: (where) => outputs.checkRoot(where.root),
      warn: (l) => p.warn(l),
      onScanProgress: outputs.progress.scan,
      onPlanned: (planned) => {
        outputs.progress.end();
        outputs.planned(planOf(planned), planned.warnings, planned.unreadable);
        for (const w of planned.warnings) p.warn(w);
        printPlanText(p, planOf(planned), false, args.allEntries);
      },
      beforeApply: () => holdBeforeApply(args.holdBeforeApply, () => signal !== undefined),
      stopReason: () => (signal ? `stopped by ${signal}` : null),
      onOutcome: (v, outcome, detail) => {
        outputs.outcome(v, outcome, detail);
        if (outcome === 'failed' && !outputs.logsOutcomes) p.error(`failed to delete ${v.entry.name}: ${detail}`);
      },
    });
    const plan = planOf(result);
    // A store that failed mid-run stopped the deletions after it: that is a usage/configuration error (exit 2).
    const unreadable = result.unreadable;
    const exitCode = storeError ? EXIT.USAGE : exitCodeOf(plan, applied, signal, unreadable);
    printOutcome(p, plan, { dryRun: false, applied, warnings: [...result.warnings], unreadable, exitCode });
    // Containers emptied by --entries files, --depth or a layout's shards: said on the text output only (the JSON
    // document is the plan and its outcome per entry; a directory is never an entry).
    if (pruned.removed.length > 0 && !p.json && !p.quiet) p.out(`removed ${plural(pruned.removed.length, 'empty directory', 'empty directories')}`);
    if (storeError) throw storeError; // reports and metrics are finished once, in the catch below
    return outputs.finish(exitCode, applied);
  } catch (err) {
    outputs.finish(exitCodeOfError(err));
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
