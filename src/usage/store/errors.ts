import fs from 'node:fs';
import path from 'node:path';
import { STATE_DIR_FIX, UsageError } from '../../shared/errors.js';

/**
 * The usage store cannot be used: corrupt, locked for longer than the busy timeout, written by a newer
 * cachesweep, or not a cachesweep database. A configuration problem: one line, exit 2, nothing deleted.
 */
export class StoreError extends UsageError {}

/** What better-sqlite3 throws: an Error with a SQLITE_* code. */
interface SqliteLike {
  code?: string;
  message?: string;
}

/**
 * Turn a SQLite failure into a StoreError that says what is wrong and what to do; anything else is
 * returned unchanged (a bug, reported as an internal error).
 */
export function storeError(err: unknown, file: string, busyTimeoutMs?: number): unknown {
  if (err instanceof StoreError) return err;
  const e = err as SqliteLike;
  const code = typeof e?.code === 'string' ? e.code : '';
  const msg = e?.message ?? String(err);
  const where = `usage store ${file}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const waited = busyTimeoutMs !== undefined ? ` for more than ${busyTimeoutMs} ms` : '';
    return new StoreError(`${where} is locked by another process${waited} (${msg}); try again when it has finished`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError(`${where} is corrupt (${msg}); run \`cachesweep store reset\` (it keeps the file aside and starts a new store) or restore a backup`);
  }
  // A full filesystem does not always say so: growing the -shm file fails as SQLITE_IOERR_SHMSIZE, a write as ENOSPC.
  if (code === 'SQLITE_FULL' || ((code.startsWith('SQLITE_IOERR') || code === 'ENOSPC') && filesystemFull(file))) {
    return new StoreError(`${where}: the filesystem is full (${code === 'SQLITE_FULL' ? msg : `${code}: ${msg}`}); free space there or use another --state-dir`);
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new StoreError(`${where} cannot be opened or written (${code}: ${msg}); ${STATE_DIR_FIX}`);
  }
  if (['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'ENOSPC', 'EISDIR'].includes(code)) {
    // Node's message already starts with the code: `EACCES: permission denied, mkdir '...'`.
    return new StoreError(`${where} cannot be opened or written (${msg.startsWith(code) ? msg : `${code}: ${msg}`}); ${STATE_DIR_FIX}`);
  }
  return err;
}

/** True when the filesystem holding `file` has no block left (for an unprivileged writer at least). */
function filesystemFull(file: string): boolean {
  try {
    const st = fs.statfsSync(path.dirname(file));
    return st.bavail === 0;
  } catch {
    return false;
  }
}
