/**
 * Lock files held with an open-file-description (OFD) fcntl lock: the kernel drops the lock when the descriptor
 * closes, so when the process dies (kill -9 included) and never before, however long the process goes without
 * running. A lock that is refreshed by a timer (a mkdir lock and its mtime) is lost by a live run whose main thread
 * is busy deleting; this one cannot be (issue 12, case 13).
 *
 * OFD rather than classic POSIX (F_SETLK, what Python's fcntl.lockf and so oslo.concurrency take): the two kinds
 * conflict with each other on Linux and on the network filesystems that carry fcntl locks to their server, so an
 * OFD lock excludes Nova just as well; but a classic lock belongs to the process and is dropped by ANY close() of
 * that file in the process (a detector reading it, a second open of the same lock file), and two classic locks of
 * one process never conflict, so a run locking one image twice would not notice. An OFD lock has neither flaw.
 */
import fs from 'node:fs';
import * as sys from './native.js';

/** Inodes this process holds locks on, `dev:ino` -> how many: its own locks are never a use of anything. */
const own = new Map<string, number>();
const key = (dev: number, ino: number): string => `${dev}:${ino}`;

/** Does this process hold a lock on that inode (through this module)? The held-locks detector skips such locks. */
export function isOwnLock(dev: number, ino: number): boolean {
  return own.has(key(dev, ino));
}

export interface FileLock {
  /** The lock file's path, as given. */
  path: string;
  fd: number;
  dev: number;
  ino: number;
  /** Whether the path still names the locked inode (false once the file was removed or replaced). */
  stillNamed(): boolean;
  /** Drop the lock and close the descriptor. Idempotent. */
  release(): void;
}

export interface TryLockOptions {
  /** Create the file when it does not exist (mode `mode`, default 0644); otherwise ENOENT is thrown. */
  create: boolean;
  mode?: number;
  /** A write lock (default) on a descriptor open for reading and writing, or a read lock on one open read-only. */
  exclusive?: boolean;
}

const BUSY = new Set(['EAGAIN', 'EACCES']);

/**
 * Take an OFD lock on the whole file, without waiting: the lock, or null when another holder has a conflicting one.
 * The path is checked to still name the locked inode afterwards: a lock file removed (as oslo.concurrency removes
 * Nova's) between our open and our lock would be a lock nobody else can see, so that case opens the file again.
 */
export function tryLockFile(path: string, o: TryLockOptions): FileLock | null {
  const exclusive = o.exclusive ?? true;
  const { O_RDWR, O_RDONLY, O_CREAT, O_NOFOLLOW } = sys.constants;
  const flags = (exclusive ? O_RDWR : O_RDONLY) | O_NOFOLLOW | (o.create ? O_CREAT : 0);
  for (let attempt = 0; ; attempt++) {
    const fd = sys.openat(sys.AT_FDCWD, path, flags, o.mode ?? 0o644);
    let st: sys.SysStat;
    try {
      st = sys.fstat(fd);
      if (!sys.isFileMode(st.mode)) throw Object.assign(new Error(`${path} is not a regular file`), { path });
      sys.lock(fd, { exclusive, wait: false, ofd: true });
    } catch (err) {
      sys.close(fd);
      if (BUSY.has((err as NodeJS.ErrnoException).code ?? '')) return null;
      throw err;
    }
    const held = makeLock(path, fd, st.dev, st.ino);
    if (held.stillNamed()) return held;
    held.release();
    if (attempt >= 10) throw Object.assign(new Error(`${path} keeps being removed or replaced while it is locked`), { code: 'ESTALE', path });
  }
}

function makeLock(path: string, fd: number, dev: number, ino: number): FileLock {
  const k = key(dev, ino);
  own.set(k, (own.get(k) ?? 0) + 1);
  let open = true;
  return {
    path,
    fd,
    dev,
    ino,
    stillNamed: () => {
      try {
        const st = fs.lstatSync(path);
        return st.dev === dev && st.ino === ino;
      } catch {
        return false;
      }
    },
    release: () => {
      if (!open) return;
      open = false;
      // Closing the only descriptor of the open file description drops an OFD lock; unlock first all the same, so
      // that a descriptor a child inherited (none should: O_CLOEXEC) could not keep it.
      try {
        sys.unlock(fd, true);
      } finally {
        sys.close(fd);
        const n = (own.get(k) ?? 1) - 1;
        if (n > 0) own.set(k, n);
        else own.delete(k);
      }
    },
  };
}
