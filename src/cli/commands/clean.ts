import type { CommandModule } from 'yargs';
import { recheckProviders } from '../../usage/signal.js';
import { applyPlan } from '../../apply/apply.js';
import { acquireLock } from '../../apply/lock.js';
import { cleanFlags, planFlags, runFlags, scanFlags, withFlags, type CliArgs } from '../flags.js';
import { makePrinter, type Output } from '../output.js';
import { planOptionsFrom } from '../../config/options.js';
import { locate, preparePlan } from '../pipeline.js';
import { exitCodeOf, printOutcome, printPlanText } from '../report-plan.js';
import { exitCodeOfError, RunOutputs } from '../run-outputs.js';
import { runPlan } from './plan.js';

/** Build, print and apply the plan, under the per-cache lock. */
export async function runClean(args: CliArgs, o: Output): Promise<number> {
  if (args.dryRun) return runPlan(args, o);
  const p = makePrinter(o, args);
  const outputs = new RunOutputs(args, o, { dryRun: false });
  const options = planOptionsFrom(args);
  const where = locate(args);
  outputs.checkRoot(where.root);
  // The lock is held from the scan to the last deletion: the plan applied is the plan made under it.
  const lock = await acquireLock(where.stateDir, where.root, { warn: (l) => p.warn(l) });
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    signal ??= s;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { plan, prepared } = await preparePlan(args, options, where, { onScanProgress: outputs.progress.scan });
    outputs.progress.end();
    outputs.planned(plan, prepared.scan.warnings);
    for (const w of prepared.scan.warnings) p.warn(w);
    printPlanText(p, plan, false);
    const applied = await applyPlan(plan, {
      rootDev: prepared.rootDev,
      stopReason: () => (signal ? `stopped by ${signal}` : lock.compromised() ? 'the lock was lost' : null),
      stillProtected: (v) => recheckProviders(prepared.providers, v.entry, Date.now()),
      onOutcome: (v, outcome, detail) => {
        outputs.outcome(v, outcome, detail);
        if (outcome === 'failed' && !outputs.logsOutcomes) p.error(`failed to delete ${v.entry.name}: ${detail}`);
      },
    });
    const exitCode = exitCodeOf(plan, applied, signal);
    printOutcome(p, plan, { dryRun: false, applied, warnings: prepared.scan.warnings, exitCode });
    return outputs.finish(exitCode, applied);
  } catch (err) {
    outputs.finish(exitCodeOfError(err));
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await lock.release();
  }
}

export function cleanCommand(o: Output, done: (code: number) => void): CommandModule<object, CliArgs> {
  return {
    command: ['clean [cache-dir]', '$0 [cache-dir]'],
    describe: 'build, print and apply the eviction plan (--dry-run: build and print only)',
    builder: (y) => withFlags(y, scanFlags, planFlags, runFlags, cleanFlags) as never,
    handler: async (args) => done(await runClean(args, o)),
  };
}
