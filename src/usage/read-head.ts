import fs from 'node:fs';
import { qcow2BytesNeeded } from './qcow2.js';
import { fsPath } from '../shared/names.js';

/** The start of a file, read without changing its access time where the kernel allows it. */
export interface FileHead {
  /** The first bytes: the whole first qcow2 cluster for a qcow2 image, else up to `PROBE_BYTES`. */
  bytes: Buffer;
  /** Size of the whole file. */
  size: number;
  dev: number;
  ino: number;
  /** The file was read with O_NOATIME (false: the kernel refused it and the read may have updated the atime). */
  noAtime: boolean;
}

/** Bytes read first: enough for any qcow2 header with the default 64 KiB clusters. */
export const PROBE_BYTES = 64 * 1024;

const O_NOATIME = fs.constants.O_NOATIME ?? 0;

export interface ReadHeadOptions {
  /** Refuse to read when O_NOATIME is not allowed (files inside the cache during a dry run); default false. */
  requireNoAtime?: boolean;
}

/** Thrown when O_NOATIME is refused and the caller asked not to touch the atime. */
export class NoAtimeRefused extends Error {
  override readonly name = 'NoAtimeRefused';
}

/**
 * Read the head of a regular file: O_NOATIME (owner or CAP_FOWNER) so that looking at a cache file never makes it
 * look used, O_NONBLOCK so that a FIFO swapped in cannot hang the run. Throws the fs error (ENOENT, EACCES, ...),
 * or an Error when the path is not a regular file.
 */
export function readHead(p: string, opts: ReadHeadOptions = {}): FileHead {
  const base = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;
  let fd: number;
  let noAtime = O_NOATIME !== 0;
  try {
    fd = fs.openSync(fsPath(p), base | O_NOATIME);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM' || O_NOATIME === 0) throw err;
    if (opts.requireNoAtime) throw new NoAtimeRefused(`${p}: reading it would update its access time (not its owner, not root)`);
    noAtime = false;
    fd = fs.openSync(fsPath(p), base);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: 'ENOTREG' });
    let bytes = readAt(fd, Math.min(PROBE_BYTES, st.size));
    const need = qcow2BytesNeeded(bytes);
    if (need !== null && need > bytes.length && st.size > bytes.length) bytes = readAt(fd, Math.min(need, st.size));
    return { bytes, size: st.size, dev: st.dev, ino: st.ino, noAtime };
  } finally {
    fs.closeSync(fd);
  }
}

function readAt(fd: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}
