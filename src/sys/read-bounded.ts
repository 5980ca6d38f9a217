import fs from 'node:fs';
import { UsageError } from '../shared/errors.js';

/** The most any configuration-like input (a config file, nova.conf, an in-use list) may hold: 16 MiB. */
export const INPUT_LIMIT = 16 * 1024 * 1024;

export interface ReadBoundedOptions {
  /** Who names the file, for messages: `--config`, `CACHESWEEP_CONFIG`, `--in-use-from`. */
  label: string;
  /** Refuse a file larger than this many bytes (default INPUT_LIMIT). */
  limit?: number;
  /** `-` means standard input (only where the flag documents it); otherwise `-` is a file name like any other. */
  stdin?: boolean;
}

/** What a path that is not a regular file is, in words; null for a regular file. */
export function notRegular(st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Open `file` for reading, refusing anything but a regular file. O_NONBLOCK makes opening a FIFO return at once
 * (a blocking open waits for a writer forever: `--config FIFO` hung), and fstat on the opened descriptor judges what
 * was opened, not what the name pointed to a moment earlier. The caller closes the descriptor.
 */
export function openRegular(file: string, label: string, stdinHint = false): number {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (err) {
    throw new UsageError(`${label}: ${file} ${openProblem(err)}`);
  }
  const what = notRegular(fs.fstatSync(fd));
  if (what !== null) {
    fs.closeSync(fd);
    throw new UsageError(`${label}: ${file} is ${what}, not a regular file${stdinHint ? ' (give - to read standard input)' : ''}`);
  }
  return fd;
}

/**
 * The bytes of a file given as input, read with a bound: a regular file of at most `limit` bytes (default 16 MiB),
 * or standard input where `-` is allowed (bounded the same way). /dev/zero or /dev/urandom once made cachesweep
 * read until memory ran out (std::bad_alloc, exit 134); a FIFO hung it. Every problem is one UsageError line.
 */
export function readBounded(file: string, opts: ReadBoundedOptions): Buffer {
  const limit = opts.limit ?? INPUT_LIMIT;
  // `--in-use-from "$UNSET"` said `--in-use-from:  does not exist`, naming nothing one could see.
  if (file === '') throw new UsageError(`${opts.label}: an empty value is not a file name${opts.stdin === true ? ' (give - to read standard input)' : ''}`);
  const isStdin = opts.stdin === true && file === '-';
  const fd = isStdin ? 0 : openRegular(file, opts.label, opts.stdin === true);
  try {
    const bytes = readUpTo(fd, limit + 1, isStdin);
    if (bytes.length > limit) {
      throw new UsageError(`${opts.label}: ${isStdin ? 'standard input' : file} holds more than ${describeLimit(limit)}, the most cachesweep reads from it`);
    }
    return bytes;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${opts.label}: ${isStdin ? 'standard input' : file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  } finally {
    if (!isStdin) fs.closeSync(fd);
  }
}

/** Read until end of file or `max` bytes. Standard input may be a non-blocking pipe: EAGAIN waits and tries again. */
function readUpTo(fd: number, max: number, wait: boolean): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(Math.min(max, 1 << 20));
  while (total < max) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, Math.min(buf.length, max - total), null);
    } catch (err) {
      if (wait && (err as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      throw err;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function openProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'ELOOP') return 'is a symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read (${code}: permission denied)`;
  return `cannot be opened (${code ?? String(err)})`;
}

function describeLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
