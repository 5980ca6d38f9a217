import type { Applied } from '../apply/apply.js';
import { planToJson, statusToJson } from '../report/json.js';
import { planOf, statusOf, type CachePlan, type CacheStatus } from './results.js';

/** What happened to a plan, for its document: the outcome of a clean run (none for a dry run). */
export interface RunOutcome {
  applied?: Applied;
  exitCode?: number;
  /** The machine's name in the document; null when not given (the CLI gives os.hostname()). */
  host?: string;
}

/**
 * The JSON document (schema 1, docs/json-schema.md) of a plan, as `cachesweep plan --json` prints it; with
 * `applied`, the document of a clean run.
 */
export function planDocument(plan: CachePlan, run: RunOutcome = {}): ReturnType<typeof planToJson> {
  return planToJson(planOf(plan), {
    dryRun: run.applied === undefined,
    ...(run.applied ? { applied: run.applied } : {}),
    warnings: [...plan.warnings],
    unreadable: plan.unreadable,
    ...(run.exitCode !== undefined ? { exitCode: run.exitCode } : {}),
    ...(run.host !== undefined ? { host: run.host } : {}),
  });
}

/** The JSON document of a status, as `cachesweep status --json` prints it. */
export function statusDocument(status: CacheStatus): ReturnType<typeof statusToJson> {
  const { scan, usage, findings } = statusOf(status);
  return statusToJson(scan, usage, status.figures, status.now, status.storage, findings, status.regret);
}
