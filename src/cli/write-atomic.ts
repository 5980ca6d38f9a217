import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';

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

/**
 * Check, before a run does anything, that `file` can be an output (a report, the metrics file): its directory
 * exists and it is not itself a directory. A usage error naming the flag otherwise.
 */
export function checkOutputFile(file: string, flag: string): void {
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
