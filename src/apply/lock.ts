import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tryLockFile, type FileLock } from '../sys/lock-file.js';
import { UsageError } from '../shared/errors.js';
import { LockedError } from './locked-error.js';
import { DEFAULT_LOCK_STALE_MS } from './lock-timing.js';

export { LockedError } from './locked-error.js';

/**
 * The per-cache lock: an OFD fcntl lock on a lock file (src/sys/lock-file.ts), held from before the scan to after
 * the last deletion. The kernel releases it when the run's process dies and never while it lives, however long one
 * deletion takes: the lock it replaces (a mkdir lock whose mtime a timer refreshed) was taken over from live runs
 * whose synchronous deletion starved the timer (issue 12, case 13).
 */
export interface HeldLock {
  /** The lock file. */
  file: string;
  release(): Promise<void>;
  /** True once the lock file was removed or replaced under the run: another run could lock the new one. Stop deleting. */
  compromised(): boolean;
  /**
   * The lock file's mtime after the run wrote to it, minus this host's clock (ms): on a network filesystem the
   * server stamps it, so this is how far the file server's clock is ahead. Null when it could not be measured.
   */
  serverSkewMs: number | null;
}

/** Where the lock of one cache lives (src/apply/lock-place.ts decides). */
export interface LockPlace {
  file: string;
  /** On the cache's shared filesystem: it excludes runs on every host that shares it, whatever their --state-dir. */
  shared: boolean;
  /** Mode of the lock's directory when it has to be made. */
  dirMode: number;
  /** The mkdir lock an older cachesweep (proper-lockfile) kept for this cache: respected while fresh. */
  legacyDir?: string;
}

export interface LockOptions {
  /** How long to wait for another run to finish (ms, default 0: fail at once with LockedError). */
  waitMs?: number;
  /**
   * --lock-stale: how long a lock directory left by an older cachesweep (before the kernel lock) may go without a
   * refresh before it counts as left by a dead run and is removed (ms, default DEFAULT_LOCK_STALE_MS). The kernel lock itself
   * never goes stale.
   */
  staleMs?: number;
  /** Told when an older cachesweep's dead lock is removed. */
  warn?: (line: string) => void;
}

/** The lock file of a cache root in the state directory (never inside the root): its name, 16 hex of its real path. */
export function lockPathFor(stateDir: string, root: string): string {
  const id = crypto.createHash('sha256').update(root).digest('hex').slice(0, 16);
  const base = path.basename(root).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return path.join(stateDir, 'locks', `${base}-${id}`);
}

/** The mkdir lock cachesweep kept for this root before the kernel lock (proper-lockfile's `<file>.lock`). */
export const legacyLockDir = (stateDir: string, root: string): string => `${lockPathFor(stateDir, root)}.lock`;

/** The lock of a cache on local storage: in the state directory (made private, as it holds the usage store too). */
export function stateDirLockPlace(stateDir: string, root: string): LockPlace {
  return { file: lockPathFor(stateDir, root), shared: false, dirMode: 0o700, legacyDir: legacyLockDir(stateDir, root) };
}

const POLL_MS = 200;
/** What a run writes into its lock file while it holds it. */
const HOLDER_LINE = /^pid \d+ on \S+ since \S+\n$/;

/**
 * Take the per-root lock. Throws LockedError when another live run holds it (after waiting up to `waitMs`), or the
 * error that made the lock file unusable (not writable, a filesystem without fcntl locks).
 */
export async function acquireLock(place: LockPlace, root: string, opts: LockOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  for (;;) {
    const busy = unusable(place, () => tryOnce(place, root, opts));
    if (typeof busy !== 'string') return busy;
    const left = deadline - Date.now();
    if (left <= 0) {
      const waited = opts.waitMs ? `; waited ${Math.round(opts.waitMs / 1000)}s` : '';
      throw new LockedError(`another cachesweep run holds the lock on ${root} (${busy}${waited}); try again when it has finished`);
    }
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, left)));
  }
}

/** Codes saying the filesystem has no fcntl locks (NFS mounted without a lock manager, Lustre without -o flock). */
const NO_LOCKS = new Set(['ENOLCK', 'ENOSYS', 'EOPNOTSUPP', 'ENOTSUP']);

/** Run `f`; a lock file that cannot be made or locked at all is a configuration error (exit 2), in one line. */
function unusable<T>(place: LockPlace, f: () => T): T {
  try {
    fs.mkdirSync(path.dirname(place.file), { recursive: true, mode: place.dirMode });
    return f();
  } catch (err) {
    if (err instanceof LockedError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const why = NO_LOCKS.has(code)
      ? `its filesystem refuses fcntl locks (${code})`
      : code === 'EACCES' || code === 'EPERM'
        ? `permission denied (${code})`
        : `${code || (err as Error).message}`;
    // The usual cause: a run as another user than the one who made the directory (root's /var/lib/cachesweep, or
    // a service account whose HOME does not exist).
    const where = place.shared
      ? 'it lives beside the cache on shared storage: make that place writable, or give --lock-file'
      : 'give a state directory this user may write (--state-dir DIR) or a --lock-file, or run as the owner of the cache';
    throw new UsageError(`cannot lock ${place.file}: ${why}; ${where}`);
  }
}

/** One attempt: the held lock, or who holds it (words for the message). */
function tryOnce(place: LockPlace, root: string, opts: LockOptions): HeldLock | string {
  const held = tryLockFile(place.file, { create: true, mode: 0o600 });
  if (!held) return `${place.file}: ${holderOf(place.file)}`;
  try {
    const legacy = place.legacyDir ? legacyHolder(place.legacyDir, root, opts) : null;
    if (legacy) {
      held.release();
      return legacy;
    }
    return heldLock(held, place);
  } catch (err) {
    held.release();
    throw err;
  }
}

/** What the holder wrote into the lock file (`pid 123 on host-a since ...`), for the message. */
function holderOf(file: string): string {
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      const buf = Buffer.alloc(256);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const text = buf.subarray(0, n).toString('utf8').trim().split('\n')[0] ?? '';
      return HOLDER_LINE.test(`${text}\n`) ? text : 'held';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return 'held';
  }
}

/**
 * An older cachesweep's mkdir lock (refreshed every quarter of --lock-stale while its run lives): while fresher than
 * --lock-stale, that run is alive and this one must not start (returns why); once stale, it is removed, saying so.
 */
function legacyHolder(dir: string, root: string, opts: LockOptions): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return null; // the usual case: no older cachesweep ever ran here, or it finished cleanly
  }
  if (!st.isDirectory()) return null;
  const age = Date.now() - st.mtimeMs;
  const staleMs = opts.staleMs ?? DEFAULT_LOCK_STALE_MS;
  if (age < staleMs) return `${dir}: a lock of an older cachesweep, refreshed ${Math.round(age / 1000)}s ago`;
  try {
    fs.rmdirSync(dir);
  } catch {
    // gone already, or not empty: it is stale either way, and no older run can be relying on it
  }
  opts.warn?.(`removed a stale lock an older cachesweep left on ${root} (${dir}, not refreshed for ${Math.round(age / 1000)}s: the run that held it stopped without releasing it)`);
  return null;
}

/**
 * Say who holds the lock (for the next run's message) and measure the file server's clock: the mtime of a write to
 * a network filesystem is the server's time once the write has reached it (fsync).
 */
function heldLock(held: FileLock, place: LockPlace): HeldLock {
  // Only a lock file that is empty or holds what a run wrote is written to: a --lock-file naming some other file
  // (by mistake) is locked, never truncated.
  const ours = isOurs(held.fd);
  let serverSkewMs: number | null = null;
  if (ours) {
    try {
      const text = `pid ${process.pid} on ${os.hostname()} since ${new Date().toISOString()}\n`;
      fs.ftruncateSync(held.fd, 0);
      fs.writeSync(held.fd, text, 0, 'utf8');
      if (place.shared) fs.fsyncSync(held.fd);
      const before = Date.now();
      serverSkewMs = Math.round(fs.fstatSync(held.fd).mtimeMs - before);
    } catch {
      // a lock file we may not write still locks; only the courtesy and the clock measurement are lost
    }
  }
  return {
    file: place.file,
    serverSkewMs,
    compromised: () => !held.stillNamed(),
    // The file stays: removing it would let a run that opened it before the removal and one that creates it anew
    // both hold "the" lock. An empty lock file is all a finished run leaves.
    release: async () => {
      try {
        if (ours) fs.ftruncateSync(held.fd, 0);
      } catch {
        // the next holder overwrites the text
      }
      held.release();
    },
  };
}

/** Is the lock file empty, or does it hold only a holder line as a run writes it? */
function isOurs(fd: number): boolean {
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return true;
    if (size > 256) return false;
    const buf = Buffer.alloc(size);
    fs.readSync(fd, buf, 0, size, 0);
    return HOLDER_LINE.test(buf.toString('utf8'));
  } catch {
    return false;
  }
}
