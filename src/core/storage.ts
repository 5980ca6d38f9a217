import path from 'node:path';
import { lockPlaceFor } from '../apply/lock-place.js';
import { acquireLock, type HeldLock } from '../apply/lock.js';
import { novaVictimLocks, type VictimLocker } from '../apply/nova-lock.js';
import { detectStorage, futureTimesWarning, TOLERATED_SKEW_MS, type Storage } from '../scan/storage.js';
import type { Entry } from '../shared/types.js';
import { instancesDirsOf } from '../usage/in-use-providers.js';
import type { Located } from './locate.js';
import type { CacheOptions, CleanCacheOptions } from './options.js';

/** Nova's instances_path of this cache (where its locks/ and compute_nodes are); none when it is not Nova's. */
function novaDirs(where: Located, o: CacheOptions): string[] {
  const { nova, dirs } = instancesDirsOf(where, o.layout ?? 'auto', o.inUse ?? {});
  return nova ? dirs : [];
}

/** Where the cache lives and who else cleans it. Reads only (no lock file is created): plan and status use it too. */
export function storageOf(where: Located, o: CacheOptions, now: number, warn: (line: string) => void): Storage {
  return detectStorage(where.root, { novaInstancesDirs: novaDirs(where, o), forceShared: o.sharedStorage === true, now, warn });
}

/** The scan's warnings about the storage: on shared storage, file times ahead of this host's clock. */
export function scanStorageWarnings(storage: Storage, entries: readonly Entry[], now: number): string[] {
  const future = storage.shared ? futureTimesWarning(entries, now) : null;
  return future ? [future] : [];
}

/** The per-cache lock a clean run holds, with the storage it found (kept for the plan) and what to warn about. */
export interface CacheLock {
  lock: HeldLock;
  storage: Storage;
  warnings: string[];
}

/**
 * Take the cache's lock for a clean run. Where the cache lives decides where the lock does (on shared storage
 * beside the cache, where every host sees it, whatever its state directory), so the storage is looked at first.
 */
export async function lockCache(where: Located, o: CleanCacheOptions, now: number, warn?: (line: string) => void): Promise<CacheLock> {
  const warnings: string[] = [];
  const storage = storageOf(where, o, now, (w) => warnings.push(w));
  const nova = novaDirs(where, o)[0];
  const place = lockPlaceFor({
    stateDir: where.stateDir,
    root: where.root,
    storage,
    ...(o.lockFile ? { lockFile: o.lockFile } : {}),
    ...(nova ? { novaInstancesDir: nova } : {}),
  });
  const lock = await acquireLock(place, where.root, {
    ...(o.lockStaleMs !== undefined ? { staleMs: o.lockStaleMs } : {}),
    ...(o.waitMs !== undefined ? { waitMs: o.waitMs } : {}),
    ...(warn ? { warn } : {}),
  });
  storage.lockFile = lock.file;
  return { lock, storage, warnings: [...warnings, ...lockWarnings(storage, place.shared, lock.serverSkewMs)] };
}

/** Nova's lock per victim, for a Nova image cache (apply takes it before each re-check); none for other caches. */
export function victimLocksOf(where: Located, o: CacheOptions, warn: (line: string) => void): { lockVictim?: VictimLocker } {
  const nova = novaDirs(where, o)[0];
  return nova ? { lockVictim: novaVictimLocks(path.join(nova, 'locks'), warn) } : {};
}

/**
 * Warnings about shared storage once the lock is held: locks that stay on this host (so other hosts are not
 * excluded), a lock file off the shared filesystem, and a file server clock further off than tolerated (measured
 * on the lock file's mtime, which the server stamps).
 */
export function lockWarnings(storage: Storage, lockShared: boolean, serverSkewMs: number | null): string[] {
  if (!storage.shared) return [];
  const out: string[] = [];
  if (storage.locksHostLocal) {
    out.push(`the cache is on shared storage but fcntl locks there stay on this host (${storage.locksHostLocal}): other hosts are NOT excluded; run cachesweep on one host only, or remount`);
  }
  if (!lockShared) out.push(`the cache is on shared storage (${storage.why.join('; ')}) but the lock file is not: other hosts are NOT excluded`);
  if (serverSkewMs !== null && Math.abs(serverSkewMs) > TOLERATED_SKEW_MS) {
    const dir = serverSkewMs > 0 ? 'ahead of' : 'behind';
    out.push(
      `the file server's clock is ${Math.round(Math.abs(serverSkewMs) / 1000)}s ${dir} this host's (measured on the lock file; up to ${TOLERATED_SKEW_MS / 1000}s is tolerated): every age on this cache is off by as much${serverSkewMs < 0 ? ' (entries look older than they are)' : ''}; synchronise the clocks`,
    );
  }
  return out;
}
