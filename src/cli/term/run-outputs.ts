import os from 'node:os';
import type { Applied } from '../../apply/apply.js';
import { LockedError } from '../../apply/lock.js';
import { UsageError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/units.js';
import { readBounded } from '../../sys/read-bounded.js';
import type { Plan, PlannedEntry } from '../../plan/types.js';
import type { Unreadable } from '../../shared/types.js';
import { planReport } from '../../report/formats/registry.js';
import { planToJson } from '../../report/json.js';
import type { PlanDoc } from '../../report/plan-schema.js';
import { formatLogLine, type LogEvent } from '../../report/log-line.js';
import { metricsText, previousCounters } from '../../report/metrics.js';
import { EXIT } from '../exit-codes.js';
import type { CliArgs } from '../args/flags.js';
import type { Output } from './output.js';
import { makeProgress, type Progress } from './progress.js';
import { assertOutputsOutsideRoot, validateRunFlags, type RunRequest } from '../args/run-flags.js';
import { VERSION } from '../version.js';
import { writeFileAtomic } from './write-atomic.js';
import { planRows } from '../../plan/rows.js';

/** The exit code an error ends a run with (as main reports it). */
export function exitCodeOfError(err: unknown): number {
  if (err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof LockedError) return EXIT.LOCKED;
  return EXIT.INTERNAL;
}

export interface RunOutputsOptions {
  dryRun: boolean;
  clock?: () => number;
  host?: string;
}

/**
 * What a plan or clean run leaves for operators besides its stdout: log lines per eviction, skip and failure
 * (--log-format), a progress line on a terminal, reports (--report) and a metrics file (--metrics-file).
 * Reports and metrics are written once the run has a plan, whatever its outcome, failures included.
 */
export class RunOutputs {
  readonly req: RunRequest;
  readonly progress: Progress;
  private readonly clock: () => number;
  private readonly startedMs: number;
  private readonly host: string;
  private plan?: Plan;
  private warnings: string[] = [];
  private unreadable: readonly Unreadable[] = [];
  private readonly seen: Applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
  private finished = false;

  /** Validates --report, --metrics-file, --max-delete and --log-format: a UsageError before anything is scanned. */
  constructor(
    args: CliArgs,
    private readonly o: Output,
    private readonly opts: RunOutputsOptions,
  ) {
    this.req = validateRunFlags(args);
    this.clock = opts.clock ?? Date.now;
    this.startedMs = this.clock();
    this.host = opts.host ?? os.hostname();
    this.progress = makeProgress(o, { quiet: args.quiet, json: args.json, format: args.format, logFormat: this.req.logFormat });
  }

  /** Reports and metrics go outside the cache root. */
  checkRoot(root: string): void {
    assertOutputsOutsideRoot(this.req, root);
  }

  /** True when log lines report each failure (so the plain failure message is not printed twice). */
  get logsOutcomes(): boolean {
    return this.req.logFormat !== undefined;
  }

  private log(ev: LogEvent): void {
    if (!this.req.logFormat) return;
    this.progress.end();
    this.o.err(formatLogLine(ev, this.req.logFormat, new Date(this.clock())));
  }

  /** The plan is made: from now on reports and metrics will be written. A dry run logs each would-be eviction. */
  planned(plan: Plan, warnings: readonly string[], unreadable: readonly Unreadable[] = []): void {
    this.plan = plan;
    this.warnings = [...warnings];
    this.unreadable = unreadable;
    if (this.opts.dryRun && this.req.logFormat) {
      for (const v of planRows(plan)) {
        if (v.decision !== 'evict') continue;
        this.log({ ...fields(plan, v), event: 'would-evict', level: 'info', msg: `would evict ${v.entry.name} (${formatBytes(v.entry.bytes)}, ${v.reason})` });
      }
    }
  }

  /** One victim's outcome while applying. */
  outcome(v: PlannedEntry, outcome: 'deleted' | 'skipped' | 'failed', detail?: string): void {
    const plan = this.plan;
    if (outcome === 'deleted') {
      this.seen.deleted.push(v.entry.name);
      this.seen.freedBytes += v.entry.bytes;
    } else if (outcome === 'skipped') this.seen.skipped.push({ name: v.entry.name, why: detail ?? '' });
    else this.seen.failed.push({ name: v.entry.name, error: detail ?? '' });
    // Without --log-format nobody reads the line: building its fields and message for each of 100,000 victims was
    // 0.15 s of a clean that prints nothing (--quiet).
    if (plan && this.req.logFormat) {
      const base = fields(plan, v);
      if (outcome === 'deleted') this.log({ ...base, event: 'evicted', level: 'info', msg: `evicted ${v.entry.name} (${formatBytes(v.entry.bytes)}, ${v.reason})` });
      else if (outcome === 'skipped') this.log({ ...base, event: 'skipped', level: 'warn', why: detail, msg: `skipped ${v.entry.name}: ${detail ?? ''}` });
      else this.log({ ...base, event: 'failed', level: 'error', error: detail, msg: `failed to delete ${v.entry.name}: ${detail ?? ''}` });
    }
    if (plan) this.progress.apply(this.seen.deleted.length + this.seen.skipped.length + this.seen.failed.length, plan.summary.evictCount);
  }

  /**
   * The run is over (normally, or by an error after planning): log the summary, write the reports and the
   * metrics. Never throws; a report or metrics file that cannot be written is an error line, and turns an
   * exit code of 0 into 1. Returns the exit code to end with.
   */
  finish(exitCode: number, applied?: Applied): number {
    this.progress.end();
    const plan = this.plan;
    if (!plan || this.finished) return exitCode;
    this.finished = true;
    const outcome = applied ?? (this.opts.dryRun ? undefined : { ...this.seen, interrupted: true });
    this.logSummary(plan, exitCode, outcome);
    // The reports keep the run's own exit code; the metrics say 1 when a report could not be written.
    const afterReports = this.writeReports(plan, exitCode, outcome) ? exitCode : failedOutput(exitCode);
    return this.writeMetrics(plan, afterReports, outcome) ? afterReports : failedOutput(afterReports);
  }

  private logSummary(plan: Plan, exitCode: number, outcome: Applied | undefined): void {
    const s = plan.summary;
    this.log({
      event: 'summary',
      level: exitCode === 0 ? 'info' : exitCode === EXIT.SHORTFALL ? 'warn' : 'error',
      root: plan.root,
      msg: `${this.opts.dryRun ? 'would evict' : 'evicted'} ${outcome ? outcome.deleted.length : s.evictCount} of ${s.entries} entries; exit ${exitCode}`,
      dryRun: this.opts.dryRun,
      entries: s.entries,
      evictCount: s.evictCount,
      evictBytes: s.evictBytes,
      deleted: outcome?.deleted.length ?? 0,
      skipped: outcome?.skipped.length ?? 0,
      failed: outcome?.failed.length ?? 0,
      freedBytes: outcome?.freedBytes ?? 0,
      shortfallBytes: s.shortfallBytes,
      cappedCount: s.cappedCount ?? 0,
      exitCode,
    });
  }

  /** An output that could not be written: one error line. */
  private cannotWrite(what: string, err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    this.o.err(`cachesweep: cannot write ${what}: ${e.code ?? e.message}`);
  }

  /**
   * Every --report, each in its format; false when one could not be written (the others still are). Formats that
   * stream are written from the plan; the plan's document is made (once) only for a format that needs it whole.
   */
  private writeReports(plan: Plan, exitCode: number, outcome: Applied | undefined): boolean {
    if (this.req.reports.length === 0) return true;
    const extra = {
      dryRun: this.opts.dryRun,
      ...(outcome ? { applied: outcome } : {}),
      warnings: this.warnings,
      unreadable: this.unreadable,
      exitCode,
      host: this.host,
    };
    let doc: PlanDoc | undefined;
    const docOf = (): PlanDoc => (doc ??= planToJson(plan, extra));
    let ok = true;
    for (const r of this.req.reports) {
      try {
        writeFileAtomic(r.file, planReport(r.format, { plan, extra }, docOf));
      } catch (err) {
        this.cannotWrite(`--report ${r.file}`, err);
        ok = false;
      }
    }
    return ok;
  }

  /** The --metrics-file, its counters going on from the previous file; false when it could not be written. */
  private writeMetrics(plan: Plan, exitCode: number, outcome: Applied | undefined): boolean {
    const file = this.req.metricsFile;
    if (!file) return true;
    try {
      let previous = {};
      try {
        previous = previousCounters(readBounded(file, { label: '--metrics-file' }).toString('utf8'), plan.root);
      } catch {
        // no previous file: the counters start at this run
      }
      const m = { plan, ...(outcome ? { applied: outcome } : {}), dryRun: this.opts.dryRun, exitCode, startedMs: this.startedMs, finishedMs: this.clock() };
      writeFileAtomic(file, metricsText({ ...m, version: VERSION, previous }));
      return true;
    } catch (err) {
      this.cannotWrite(`--metrics-file ${file}`, err);
      return false;
    }
  }
}

/** An output that could not be written turns success into 1 and leaves any other code as it is. */
const failedOutput = (code: number): number => (code === EXIT.OK ? EXIT.INTERNAL : code);

function fields(plan: Plan, v: PlannedEntry): { root: string; entry: string; bytes: number; reason: string; detail?: string } {
  return { root: plan.root, entry: v.entry.name, bytes: v.entry.bytes, reason: v.reason, ...(v.detail ? { detail: v.detail } : {}) };
}
