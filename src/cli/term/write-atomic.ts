import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renderReport, type ReportDocs, type ReportKind } from '../../report/formats/registry.js';
import type { ReportTarget } from '../args/run-flags.js';

/**
 * Write a file atomically: into a temporary file in the same directory (so the rename stays on one
 * filesystem), flushed, then renamed over the target. Readers (node_exporter, a browser) see the old file or
 * the new one, never half of one. The temporary name starts with a dot and ends in `.tmp`, which the textfile
 * collector ignores.
 */
export function writeFileAtomic(file: string, data: string, mode = 0o644): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Render the document once per `--report` target, in the format its extension chose, and write each atomically. */
export function writeReports<K extends ReportKind>(targets: readonly ReportTarget[], kind: K, doc: ReportDocs[K]): void {
  for (const t of targets) writeFileAtomic(t.file, renderReport(t.format, kind, doc));
}
