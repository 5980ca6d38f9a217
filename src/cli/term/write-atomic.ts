import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renderReport, type ReportDocs, type ReportKind } from '../../report/formats/registry.js';
import type { ReportTarget } from '../args/run-flags.js';

/**
 * Write a file atomically: into a temporary file in the same directory (so the rename stays on one
 * filesystem), flushed, then renamed over the target. Readers (node_exporter, a browser) see the old file or
 * the new one, never half of one. The temporary name starts with a dot and ends in `.tmp`, which the textfile
 * collector ignores. The text may come in pieces (a streamed report), each written as it is made; a piece that
 * fails to be made, like a write that fails, leaves the old file and no temporary one.
 */
export function writeFileAtomic(file: string, data: string | Iterable<string>, mode = 0o644): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    for (const piece of typeof data === 'string' ? [data] : data) writeAll(fd, piece);
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

/** write(2) may write less than asked (a full disk about to say ENOSPC, a signal): the rest is written again. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

/** Render the document once per `--report` target, in the format its extension chose, and write each atomically. */
export function writeReports<K extends ReportKind>(targets: readonly ReportTarget[], kind: K, doc: ReportDocs[K]): void {
  for (const t of targets) writeFileAtomic(t.file, renderReport(t.format, kind, doc));
}
