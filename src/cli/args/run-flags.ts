import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import type { ArgsOf } from '../../config/flag-spec.js';
import { isInside, realPathSoFar } from '../../sys/paths.js';
import { reportFormatOf, type ReportFormat } from '../../report/formats.js';
import type { runFlags } from './flags.js';

export interface ReportTarget {
  file: string;
  format: ReportFormat;
}

/** What a run must leave behind besides its output: reports, a metrics file, log lines. */
export interface RunRequest {
  reports: ReportTarget[];
  metricsFile?: string;
  logFormat?: 'text' | 'json';
}

/** The flags that ask for them (any of them may be absent: report merge and simulate take --report alone). */
export type RunFlagArgs = Partial<ArgsOf<typeof runFlags>>;

/** What --report, --metrics-file and --log-format ask for, checked without looking at a file (checkArgs). */
export function runRequestOf(args: RunFlagArgs): RunRequest {
  const reports: ReportTarget[] = [];
  for (const file of args.report ?? []) {
    if (file === '') continue;
    const format = reportFormatOf(file);
    if (!format) throw new UsageError(`--report: ${file}: unknown format '${path.extname(file) || '(no extension)'}' (name it .json, .md, .csv or .html)`);
    reports.push({ file: path.resolve(file), format });
  }
  const req: RunRequest = { reports };
  if (args.metricsFile !== undefined && args.metricsFile !== '') req.metricsFile = path.resolve(args.metricsFile);
  if (args.logFormat !== undefined) {
    if (args.logFormat !== 'text' && args.logFormat !== 'json') throw new UsageError(`--log-format: '${String(args.logFormat)}' is not text or json`);
    req.logFormat = args.logFormat;
  }
  return req;
}

/** Check --report, --metrics-file and --log-format before anything is scanned: the names, then their directories. */
export function validateRunFlags(args: RunFlagArgs): RunRequest {
  const req = runRequestOf(args);
  checkOutputDirs(args);
  return req;
}

/** The directories the reports and the metrics file go to exist (and the files are not directories). */
export function checkOutputDirs(args: RunFlagArgs): void {
  for (const file of args.report ?? []) if (file !== '') checkWritableDir(file, '--report');
  if (args.metricsFile !== undefined && args.metricsFile !== '') checkWritableDir(args.metricsFile, '--metrics-file');
}

function checkWritableDir(file: string, flag: string): void {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UsageError(`${flag}: ${file}: the directory ${dir} does not exist`);
  }
  if (!st.isDirectory()) throw new UsageError(`${flag}: ${file}: ${dir} is not a directory`);
  try {
    if (fs.statSync(path.resolve(file)).isDirectory()) throw new UsageError(`${flag}: ${file} is a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
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
