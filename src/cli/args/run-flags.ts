import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { notRegular } from '../../sys/read-bounded.js';
import type { ArgsOf } from '../../config/flag-spec.js';
import { isInside, realPathSoFar } from '../../sys/paths.js';
import { forFlag } from '../../config/flag-errors.js';
import { REPORT_FORMATS, type ReportFormat, type ReportKind } from '../../report/formats/registry.js';
import type { runFlags } from './flags.js';

/** A `--report FILE` to write, and the format its extension asked for. */
export interface ReportTarget {
  file: string;
  format: ReportFormat;
}

/**
 * The `--report FILE`s of a command and their formats, by extension, for the document it writes (plan, fleet or
 * simulate): a usage error listing the extensions that would do when the registry has no format for one. Empty
 * values are skipped (a config file's `report: []`). Looks at no file: the directories are checked later.
 */
export function reportTargets(files: readonly string[] | undefined, kind: ReportKind): ReportTarget[] {
  const out: ReportTarget[] = [];
  for (const file of files ?? []) {
    if (file === '') continue;
    out.push({ file: path.resolve(file), format: forFlag(`--report: ${file}`, () => REPORT_FORMATS.formatOf(file, kind)) });
  }
  return out;
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
  const req: RunRequest = { reports: reportTargets(args.report, 'plan') };
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
  let target: fs.Stats | undefined;
  try {
    target = fs.statSync(path.resolve(file));
  } catch {
    // not there yet: it is created
  }
  // Written by a rename over it: a FIFO or a device (/dev/stdout) would be replaced by a file, as root.
  const what = target ? notRegular(target) : null;
  if (what !== null) throw new UsageError(`${flag}: ${file} is ${what}, not a regular file`);
  if (target && target.size > 0) refuseForeign(file, flag);
  // The file is written after the deletions, through a temporary file in its directory: a directory this user may
  // not write (another owner, a read-only filesystem, chattr +i) was found only then, with the cache already
  // cleaned and exit 1. access() asks the kernel the question the write will ask, and writes nothing.
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new UsageError(`${flag}: ${file}: cannot write in ${dir} (${code}); give a directory this user may write`);
  }
}

/**
 * A report or metrics file is replaced whole, even by a dry run, and any name is taken: `--metrics-file /etc/passwd`
 * (as root, from cron), a name swapped with another flag's, or `--report /etc/cachesweep/cachesweep.json` (the config
 * file) replaced the file. An existing file is replaced only when it holds what cachesweep writes there: metrics name
 * `cachesweep_` in their first lines, a report is recognised by its format (ReportFormat.isOwn). An empty file (made
 * ahead of the first run for its owner and mode) is taken too.
 */
function refuseForeign(file: string, flag: string): void {
  const head = headOf(path.resolve(file));
  if (flag === '--metrics-file') {
    if (!head.includes(' cachesweep_')) {
      throw new UsageError(`${flag}: ${file} exists and is not cachesweep's metrics file; it would be replaced: give another name, or remove it`);
    }
    return;
  }
  const format = REPORT_FORMATS.byExtension(file);
  if (format && !format.isOwn(head)) {
    throw new UsageError(`${flag}: ${file} exists and is not a cachesweep ${format.name} report; it would be replaced: give another name, or remove it`);
  }
}

/** The first 4 KiB of a file as latin1 text ('' when it cannot be read). O_NONBLOCK: a FIFO put there meanwhile does not hang. */
function headOf(file: string): string {
  const head = Buffer.alloc(4096);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0)).toString('latin1');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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
