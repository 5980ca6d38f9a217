import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { parseMaxDelete } from '../config/max-delete.js';
import { isInside, realPathSoFar } from '../sys/paths.js';
import type { CliArgs } from './flags.js';
import { reportTargets, type ReportTarget } from './report-targets.js';
import { checkOutputFile } from './write-atomic.js';

/** What a run must leave behind besides its output: reports, a metrics file, log lines. */
export interface RunRequest {
  reports: ReportTarget[];
  metricsFile?: string;
  logFormat?: 'text' | 'json';
}

/** Check --report (plan reports), --metrics-file, --max-delete and --log-format before anything is scanned. */
export function validateRunFlags(args: CliArgs): RunRequest {
  if (args.maxDelete !== undefined && args.maxDelete !== '') parseMaxDelete(args.maxDelete);
  const req: RunRequest = { reports: reportTargets(args.report, 'plan') };
  if (args.metricsFile !== undefined && args.metricsFile !== '') {
    checkOutputFile(args.metricsFile, '--metrics-file');
    req.metricsFile = path.resolve(args.metricsFile);
  }
  if (args.logFormat !== undefined) {
    if (args.logFormat !== 'text' && args.logFormat !== 'json') throw new UsageError(`--log-format: '${String(args.logFormat)}' is not text or json`);
    req.logFormat = args.logFormat;
  }
  return req;
}

/** Reports and metrics never go inside the cache root: they would be scanned, and could be evicted. */
export function assertOutputsOutsideRoot(req: RunRequest, root: string): void {
  for (const r of req.reports) {
    if (isInside(realPathSoFar(r.file), root)) throw new UsageError(`--report: ${r.file} is inside the cache root ${root}; write reports elsewhere`);
  }
  if (req.metricsFile && isInside(realPathSoFar(req.metricsFile), root)) {
    throw new UsageError(`--metrics-file: ${req.metricsFile} is inside the cache root ${root}; write it elsewhere`);
  }
}
