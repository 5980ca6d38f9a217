import path from 'node:path';
import { forFlag } from '../config/flag-errors.js';
import { REPORT_FORMATS, renderReport, type ReportDocs, type ReportFormat, type ReportKind } from '../report/formats/registry.js';
import { checkOutputFile, writeFileAtomic } from './write-atomic.js';

/** A `--report FILE` to write, and the format its extension asked for. */
export interface ReportTarget {
  file: string;
  format: ReportFormat;
}

/**
 * Check every `--report FILE` of a command before it does anything: an extension the registry knows for this
 * document (plan, fleet or simulate; a usage error listing the extensions that would do, otherwise) and a
 * directory to write into. Empty values are skipped (a config file's `report: []`).
 */
export function reportTargets(files: readonly string[] | undefined, kind: ReportKind): ReportTarget[] {
  const out: ReportTarget[] = [];
  for (const file of files ?? []) {
    if (file === '') continue;
    const format = forFlag(`--report: ${file}`, () => REPORT_FORMATS.formatOf(file, kind));
    checkOutputFile(file, '--report');
    out.push({ file: path.resolve(file), format });
  }
  return out;
}

/** Render the document once per target and write each file atomically. Throws the first write error. */
export function writeReports<K extends ReportKind>(targets: readonly ReportTarget[], kind: K, doc: ReportDocs[K]): void {
  for (const t of targets) writeFileAtomic(t.file, renderReport(t.format, kind, doc));
}
