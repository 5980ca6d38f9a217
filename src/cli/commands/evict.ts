import { evictPlanFrom } from '../args/evict-args.js';
import type { EvictArgs } from '../args/flags.js';
import type { Output } from '../term/output.js';
import { runClean } from './clean.js';

/**
 * Evict named entries (or --match, or --all) through clean's own path: the same lock, plan step, re-check, journal,
 * store records, reports and metrics; only the plan options differ (src/plan/manual.ts). --dry-run prints the plan.
 */
export async function runEvict(args: EvictArgs, o: Output): Promise<number> {
  return runClean(args, o, evictPlanFrom(args));
}
