import { recheckProviders } from '../../usage/signal.js';
import { printable } from '../../report/render.js';
import { applyPlan } from '../../apply/apply.js';
import { acquireLock } from '../../apply/lock.js';
import { closeRoot, openRoot, type RootHandle } from '../../apply/root.js';
import type { CliArgs } from '../flags.js';
import { makePrinter, type Output } from '../output.js';
import { planOptionsFrom } from '../../config/options.js';
import { locate, preparePlan } from '../pipeline.js';
import { EXIT } from '../exit-codes.js';
import { exitCodeOf, printOutcome, printPlanText } from '../report-plan.js';
import { openStoreForWrite } from '../../usage/store/open.js';
import { clockFrom } from '../clock.js';
import { RunRecorder } from '../record-run.js';
import { exitCodeOfError, RunOutputs } from '../run-outputs.js';
import { runPlan } from './plan.js';
import { parseLockStale } from '../../config/lock-stale.js';
import { holdBeforeApply } from '../hold.js';

/** Build, print and apply the plan, under the per-cache lock. */
export async function runClean(args: CliArgs, o: Output): Promise<number> {
  if (args.dryRun) return runPlan(args, o);
  const p = makePrinter(o, args);
  const outputs = new RunOutputs(args, o, { dryRun: false });
  const options = planOptionsFrom(args);
  const clock = clockFrom(args);
  const where = locate(args);
  outputs.checkRoot(where.root);
  const staleMs = parseLockStale(args.lockStale);
  // The lock is held from the scan to the last deletion: the plan applied is the plan made under it.
  const lock = await acquireLock(where.stateDir, where.root, { staleMs, warn: (l) => p.warn(l) });
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals): void => {
    signal ??= s;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let root: RootHandle | undefined;
  try {
    // The usage store: a corrupt, foreign, newer or locked one stops the run here, before the scan.
    where.store = openStoreForWrite(where.stateDir);
    // Opened before the scan; every deletion is made relative to this handle, never by a path resolved again.
    root = openRoot(where.root);
    const { plan, prepared } = await preparePlan(args, options, where, { onScanProgress: outputs.progress.scan });
    outputs.progress.end();
    outputs.planned(plan, prepared.scan.warnings, prepared.scan.unreadable);
    for (const w of prepared.scan.warnings) p.warn(w);
    printPlanText(p, plan, false);
    const recorder = new RunRecorder(where.store, where.root, clock, { now: plan.now, ...(options.halfLifeMs !== undefined ? { halfLifeMs: options.halfLifeMs } : {}) });
    recorder.start(plan); // before the first deletion: a store that cannot be written stops the run here
    await holdBeforeApply(args.holdBeforeApply, () => signal !== undefined);
    const applied = await applyPlan(plan, {
      rootDev: prepared.rootDev,
      root,
      stopReason: () => (signal ? `stopped by ${signal}` : lock.compromised() ? 'the lock was lost' : recorder.stopReason()),
      stillProtected: (v) => recheckProviders(prepared.providers, v.entry, clock()),
      onOutcome: (v, outcome, detail) => {
        outputs.outcome(v, outcome, detail);
        if (outcome === 'failed' && !outputs.logsOutcomes) p.error(`failed to delete ${printable(v.entry.name)}: ${detail}`);
        if (outcome === 'deleted') recorder.deleted(v, plan.strategy);
      },
    });
    const storeFailure = recorder.finish(applied);
    // A store that failed mid-run stopped the deletions after it: that is a usage/configuration error (exit 2).
    const unreadable = prepared.scan.unreadable;
    const exitCode = storeFailure ? EXIT.USAGE : exitCodeOf(plan, applied, signal, unreadable);
    printOutcome(p, plan, { dryRun: false, applied, warnings: prepared.scan.warnings, unreadable, exitCode });
    if (storeFailure) throw storeFailure; // reports and metrics are finished once, in the catch below
    return outputs.finish(exitCode, applied);
  } catch (err) {
    outputs.finish(exitCodeOfError(err));
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    where.store?.close();
    if (root) closeRoot(root);
    await lock.release();
  }
}
