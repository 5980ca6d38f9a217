import os from 'node:os';
import type { Applied } from '../../apply/apply.js';
import type { Plan } from '../../plan/types.js';
import type { Unreadable } from '../../shared/types.js';
import { planJsonChunks } from '../../report/json.js';
import { escapeName } from '../../shared/escape.js';
import { appliedText, keptSummarised, keptSummary, planTable, summaryLine } from '../../report/text.js';
import { EXIT } from '../exit-codes.js';
import { ALREADY_GONE } from '../../apply/recheck.js';
import type { Printer } from './output.js';
import { storageJson, storageLines } from '../../report/storage.js';
import { planRows } from '../../plan/rows.js';

/**
 * The exit code a plan (and its outcome) earns: interrupted, then failures (4: a deletion failed, the run stopped
 * early, or an entry could not be fully read, so the plan is incomplete), then shortfall (5).
 */
export function exitCodeOf(plan: Plan, applied?: Applied, signal?: NodeJS.Signals, unreadable: readonly Unreadable[] = []): number {
  if (applied?.interrupted && signal) return signal === 'SIGINT' ? EXIT.SIGINT : EXIT.SIGTERM;
  if (applied && (applied.failed.length > 0 || applied.interrupted)) return EXIT.PARTIAL_FAILURE;
  if (unreadable.length > 0) return EXIT.PARTIAL_FAILURE;
  if (plan.selection?.byName && namedNotDeleted(plan, applied)) return EXIT.PARTIAL_FAILURE;
  if (plan.summary.shortfallBytes > 0) return EXIT.SHORTFALL;
  return EXIT.OK;
}

/**
 * An entry the operator named (evict NAME, --match) that stays: held back by the plan (in use, pinned, ...), or
 * skipped at its re-check. Unlike clean's, such a skip fails the run: what was asked for by name was not done. One
 * gone already (someone else deleted it) is done.
 */
function namedNotDeleted(plan: Plan, applied?: Applied): boolean {
  for (const e of planRows(plan)) if (e.decision === 'keep' && e.reason !== 'not-requested') return true;
  return (applied?.skipped ?? []).some((s) => !s.why.startsWith(ALREADY_GONE));
}

/**
 * Print the plan as the user asked: a table or plain text plus the summary, or nothing yet for JSON (printed once
 * at the end). A table of many kept entries lists the victims and counts the kept by reason, unless `allEntries`;
 * plain text (piped, --format plain) has every entry.
 */
export function printPlanText(p: Printer, plan: Plan, dryRun: boolean, allEntries = false): void {
  if (p.json || p.quiet) return;
  if (p.style === 'table' && keptSummarised(plan, allEntries)) {
    p.out(planTable(plan, p.style, p.chalk, p.width, true));
    const kept = keptSummary(plan, p.style, p.chalk, p.width);
    p.out(p.wrap(kept.head));
    p.out(kept.table);
  } else {
    p.out(planTable(plan, p.style, p.chalk, p.width));
  }
  for (const n of plan.notes) p.out(p.wrap(`note: ${escapeName(n)}`));
  for (const l of storageLines(storageJson(plan.storage))) p.out(p.wrap(escapeName(l)));
  p.out(p.wrap(summaryLine(plan, dryRun)));
}

export function printOutcome(
  p: Printer,
  plan: Plan,
  opts: { dryRun: boolean; applied?: Applied; warnings: string[]; unreadable?: readonly Unreadable[]; exitCode: number },
): void {
  // A path the scan could not read is why the run exits 4: it was a warning line (one per path) unless --quiet
  // silenced the warnings, and then it is an error line.
  if (p.quiet) for (const u of opts.unreadable ?? []) p.error(`cannot read ${u.path}: ${u.error} (entry ${u.entry} kept)`);
  if (p.json) {
    p.outChunks(planJsonChunks(plan, { ...opts, host: os.hostname() }));
    if (plan.summary.shortfallBytes > 0) p.error(`shortfall: ${summaryLine(plan, opts.dryRun)}`);
    return;
  }
  if (opts.applied && !p.quiet) p.out(p.wrap(appliedText(opts.applied)));
  if (opts.applied && p.quiet && !p.json) {
    for (const f of opts.applied.failed) p.error(`failed to delete ${f.name}: ${f.error}`);
  }
  if (plan.summary.shortfallBytes > 0) p.error(`shortfall: ${summaryLine(plan, opts.dryRun)}`);
}
