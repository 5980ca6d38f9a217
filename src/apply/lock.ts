import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { STATE_DIR_FIX, UsageError } from '../shared/errors.js';
import { LockedError } from './locked-error.js';
import { DEFAULT_LOCK_STALE_MS } from './lock-timing.js';

export { LockedError } from './locked-error.js';

export interface HeldLock {
  release(): Promise<void>;
  /** True once the lock was lost (its directory removed or its refresh failed): stop deleting. */
  compromised(): boolean;
}

export interface LockOptions {
  /** A lock not refreshed for this long belongs to a dead run and is taken over (ms, default DEFAULT_LOCK_STALE_MS). */
  staleMs?: number;
  /** Told when a stale lock is taken over. */
  warn?: (line: string) => void;
}

/** The lock file of a cache root: in the state directory, never inside the root. */
export function lockPathFor(stateDir: string, root: string): string {
  const id = crypto.createHash('sha256').update(root).digest('hex').slice(0, 16);
  const base = path.basename(root).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return path.join(stateDir, 'locks', `${base}-${id}`);
}

/** Take the per-root lock (mkdir-based, refreshed while held). Throws LockedError when another live run holds it. */
export async function acquireLock(stateDir: string, root: string, opts: LockOptions = {}): Promise<HeldLock> {
  const staleMs = opts.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const file = lockPathFor(stateDir, root);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw stateDirError(err, `cannot create the lock directory ${path.dirname(file)}`);
  }
  // A lock left by a run that died: said once the takeover succeeded (another run may win the race for it).
  let staleAge: number | undefined;
  try {
    const age = Date.now() - fs.statSync(`${file}.lock`).mtimeMs;
    if (age > staleMs) staleAge = age;
  } catch {
    // no lock: the usual case
  }
  let lost = false;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: staleMs,
      update: Math.max(1000, Math.floor(staleMs / 4)),
      retries: 0,
      onCompromised: () => {
        lost = true;
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new LockedError(`another cachesweep run holds the lock on ${root} (${file}.lock); try again when it has finished`);
    }
    throw stateDirError(err, `cannot create the lock ${file}.lock`);
  }
  if (staleAge !== undefined) {
    opts.warn?.(`took over a stale lock on ${root} (not refreshed for ${Math.round(staleAge / 1000)}s: the run that held it stopped without releasing it)`);
  }
  return {
    compromised: () => lost,
    release: async () => {
      if (!lost) await release().catch(() => undefined);
    },
  };
}

/** What a user causes, and fixes, by where the state directory is or who runs: not a bug. */
const SETUP_CODES = ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'ENOENT'];

/**
 * A lock that cannot be made in the state directory: a usage error naming the path and the fix. The usual cause is
 * a run as another user than the one who made the directory (root's /var/lib/cachesweep, or a HOME that does not
 * exist for a service account); anything else is left as it is (a bug, an internal error).
 */
function stateDirError(err: unknown, what: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || !SETUP_CODES.includes(e.code)) return err;
  const why =
    e.code === 'ENOSPC' || e.code === 'EDQUOT'
      ? 'the filesystem is full'
      : e.code === 'EROFS'
        ? 'read-only filesystem'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? `permission denied (${e.code})`
          : e.code;
  return new UsageError(`${what}: ${why}; ${STATE_DIR_FIX}`);
}
