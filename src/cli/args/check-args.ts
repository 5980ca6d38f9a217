import { parseLockStale } from '../../config/lock-stale.js';
import { planOptionsFrom } from '../../config/options.js';
import type { PlanOptions } from '../../plan/types.js';
import { parseDuration } from '../../shared/units.js';
import type { CliArgs } from './flags.js';
import { runRequestOf, type RunRequest } from './run-flags.js';

/** The flags of plan, clean and config as the run will use them. */
export interface CheckedArgs {
  plan: PlanOptions;
  /** Reports, metrics file and log lines asked for; their directories are checked later (validateRunFlags). */
  run: RunRequest;
  /** --lock-stale (clean), in ms. */
  lockStaleMs: number;
  /** --wait (clean), in ms; 0 when not given. */
  waitMs: number;
}

/**
 * Everything that can be wrong with the flags of plan, clean and config without looking at a file: each value
 * parsed, and the flags checked against each other (`planFrom`: evict makes its own plan options) (a trigger for a pressure strategy, --target with --threshold,
 * one trigger, the target below the threshold, ...). Pure: a UsageError naming the flag, or the options, each parsed
 * here once. The commands call it before they touch the disk.
 */
export function checkArgs(args: CliArgs, planFrom: (a: CliArgs) => PlanOptions = planOptionsFrom): CheckedArgs {
  const run = runRequestOf(args);
  const plan = planFrom(args);
  const waitMs = args.wait ? parseDuration(args.wait, '--wait') : 0;
  return { plan, run, lockStaleMs: parseLockStale(args.lockStale), waitMs };
}
