import path from 'node:path';
import { lockPlaceFor } from '../apply/lock-place.js';
import { acquireLock, type HeldLock, type LockPlace } from '../apply/lock.js';
import { novaVictimLocks, type VictimLocker } from '../apply/nova-lock.js';
import { detectStorage, TOLERATED_SKEW_MS, type Storage } from '../scan/storage.js';
import { parseDuration } from '../shared/units.js';
import type { CliArgs } from './flags.js';
import type { InUseArgs } from './flags-in-use.js';
import type { Located } from './located.js';
import { instancesDirsOf } from './providers-in-use.js';

/** The storage flags (plan, clean, status; --lock-file and --wait are clean's). */
export interface StorageArgs {
  sharedStorage?: boolean;
  lockFile?: string;
  wait?: string;
}

type Args = CliArgs & InUseArgs & StorageArgs;

/** Nova's instances_path of this cache, or undefined when it is not Nova's image cache. */
function novaDirs(args: Args, where: Located): string[] {
  const { nova, dirs } = instancesDirsOf(args, where.root, args.layout);
  return nova ? dirs : [];
}

/** Where the cache lives and who else cleans it (before the scan: the lock depends on it). */
export function storageFor(args: Args, where: Located, now: number, warn: (line: string) => void): Storage {
  return detectStorage(where.root, { novaInstancesDirs: novaDirs(args, where), forceShared: Boolean(args.sharedStorage), now, warn });
}

/** Where clean locks this cache: the state directory, or beside the cache on shared storage, or --lock-file. */
export function lockPlaceOf(args: Args, where: Located, storage: Storage): LockPlace {
  const nova = novaDirs(args, where)[0];
  return lockPlaceFor({ stateDir: where.stateDir, root: where.root, storage, ...(args.lockFile ? { lockFile: args.lockFile } : {}), ...(nova ? { novaInstancesDir: nova } : {}) });
}

/**
 * Take the cache's lock for clean: where the cache lives decides where the lock does (on shared storage beside the
 * cache, so that every host sees it), so the storage is looked at first and kept in `where` for the plan; what it
 * warns about joins the run's warnings.
 */
export async function lockCache(args: Args, where: Located, now: number, o: { staleMs: number; warn: (line: string) => void }): Promise<HeldLock> {
  const warnings: string[] = [];
  const storage = storageFor(args, where, now, (w) => warnings.push(w));
  const place = lockPlaceOf(args, where, storage);
  const lock = await acquireLock(place, where.root, { staleMs: o.staleMs, waitMs: waitMsOf(args), warn: o.warn });
  storage.lockFile = lock.file;
  where.storage = storage;
  where.warnings = [...warnings, ...storageWarnings(storage, place.shared, lock.serverSkewMs)];
  return lock;
}

/** --wait: how long to wait for another run's lock (ms; 0 when not given: exit 3 at once). */
export function waitMsOf(args: StorageArgs): number {
  return args.wait === undefined || args.wait === '' ? 0 : parseDuration(args.wait, '--wait');
}

/** Nova's lock per victim, for a Nova image cache; undefined for any other cache. */
export function victimLocksOf(args: Args, where: Located, warn: (line: string) => void): VictimLocker | undefined {
  const nova = novaDirs(args, where)[0];
  return nova ? novaVictimLocks(path.join(nova, 'locks'), warn) : undefined;
}

/**
 * Warnings about shared storage once the lock is held: locks that stay on this host (so other hosts are not
 * excluded), and a file server clock further off than tolerated (measured from the lock file's mtime).
 */
export function storageWarnings(storage: Storage, lockShared: boolean, serverSkewMs: number | null): string[] {
  const out: string[] = [];
  if (storage.shared && storage.locksHostLocal) {
    out.push(`the cache is on shared storage but fcntl locks there stay on this host (${storage.locksHostLocal}): other hosts are NOT excluded; run cachesweep on one host only, or remount`);
  }
  if (storage.shared && !lockShared) {
    out.push(`the cache is on shared storage (${storage.why.join('; ')}) but the lock file is not: other hosts are NOT excluded`);
  }
  if (storage.shared && serverSkewMs !== null && Math.abs(serverSkewMs) > TOLERATED_SKEW_MS) {
    const dir = serverSkewMs > 0 ? 'ahead of' : 'behind';
    out.push(
      `the file server's clock is ${Math.round(Math.abs(serverSkewMs) / 1000)}s ${dir} this host's (measured on the lock file; up to ${TOLERATED_SKEW_MS / 1000}s is tolerated): every age on this cache is off by as much${serverSkewMs < 0 ? ', entries look older than they are' : ''}; synchronise the clocks (NTP)`,
    );
  }
  return out;
}
