/**
 * Is the cache on storage that other hosts clean too? Two hosts sharing Nova's instances_path (or a Glance cache on
 * NFS) must not both clean it at once, and their file times come from a file server's clock. Detected from the
 * filesystem (statfs magic: NFS, SMB/CIFS, CephFS, FUSE such as GlusterFS, Lustre, GPFS, OCFS2, GFS2) and, for
 * Nova, from `compute_nodes`, the registry Nova keeps of the hosts using an instances_path; or said by the operator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { filesystemName, filesystemOf, hostLocalLocks } from '../sys/filesystems.js';
import { tryLockFile } from '../sys/lock-file.js';
import { orphanedNovaLocks, type OrphanedNovaLocks } from './nova-lock-files.js';

/** Where the cache lives, as plan, status, the reports and the JSON show it. */
export interface Storage {
  /** The cache's filesystem type as the mount table names it (`nfs4`, `ext4`, `fuse.glusterfs`). */
  filesystem: string;
  /** The network or cluster filesystem family (`NFS`, `CephFS`, ...) from statfs, or null for a local filesystem. */
  family: string | null;
  /** Another host may clean this cache: one cleaner across hosts, the lock on the shared filesystem. */
  shared: boolean;
  /** Why it counts as shared, one phrase each; empty when it does not. */
  why: string[];
  /** Hosts Nova's compute_nodes lists as seen in the last 24 hours (nova layout; absent when there is no such file). */
  novaHosts?: string[];
  /** Why fcntl locks there stay on this host (NFS `nolock`, ...): the cross-host lock then excludes nobody. */
  locksHostLocal?: string;
  /** Nova's lock files of images no longer in the cache (nova layout): reported, never removed. */
  orphanedNovaLocks?: OrphanedNovaLocks;
  /** The lock file a clean run held (set by clean; absent for plan and status). */
  lockFile?: string;
}

/**
 * File times on shared storage are written by the file server's clock and compared with this host's. A skew up to
 * this much is tolerated silently (a tenth of the 10-minute grace period); a file time further in the future, or a
 * file server clock further off, is warned about.
 */
export const TOLERATED_SKEW_MS = 60_000;

/** Nova's window: get_storage_users counts a host seen within the last 24 hours (nova/virt/storage_users.py). */
const NOVA_HOST_WINDOW_S = 24 * 3600;
/** compute_nodes is a small JSON object; anything bigger is not Nova's. */
const MAX_COMPUTE_NODES_BYTES = 1 << 20;

export interface StorageOptions {
  /** Nova's instances directories (instances_path) of this cache; empty when it is not Nova's. */
  novaInstancesDirs?: readonly string[];
  /** The operator says the cache is shared (--shared-storage), detected or not. */
  forceShared?: boolean;
  /** Now, in ms since the epoch (compute_nodes' times are compared with it). */
  now: number;
  warn: (line: string) => void;
}

/** Look at the cache's filesystem and Nova's host registry. Reads only: no lock file is created. */
export function detectStorage(root: string, o: StorageOptions): Storage {
  const f = filesystemOf(root);
  const why: string[] = [];
  if (f.sharedFamily) why.push(`on ${f.sharedFamily}${f.mount ? ` (${f.mount.fstype} ${f.mount.source})` : ''}`);
  let novaHosts: string[] | undefined;
  for (const dir of o.novaInstancesDirs ?? []) {
    const hosts = novaStorageUsers(dir, o.now, o.warn);
    if (hosts === null) continue;
    novaHosts = hosts;
    if (hosts.length > 1) why.push(`Nova's ${path.join(dir, 'compute_nodes')} lists ${hosts.length} hosts seen in the last 24h (${hosts.join(', ')})`);
    break;
  }
  if (o.forceShared) why.push('--shared-storage');
  const local = f.sharedFamily ? hostLocalLocks(f) : null;
  const firstNova = o.novaInstancesDirs?.[0];
  const orphans = firstNova !== undefined ? orphanedNovaLocks(path.join(firstNova, 'locks'), root, o.now) : null;
  return {
    filesystem: filesystemName(f),
    family: f.sharedFamily,
    shared: why.length > 0,
    why,
    ...(novaHosts ? { novaHosts } : {}),
    ...(local ? { locksHostLocal: local } : {}),
    ...(orphans && orphans.count > 0 ? { orphanedNovaLocks: orphans } : {}),
  };
}

/**
 * The hosts Nova's `compute_nodes` (a JSON object, host name -> time.time() of its last image cache pass) lists as
 * seen in the last 24 hours, as get_storage_users computes them; null when there is no such file. Read under a read
 * lock on Nova's own `locks/nova-storage-registry-lock` when it exists, so that a half-written file is never read
 * (Nova rewrites it in place under that lock); a read lock needs no write access and creates nothing.
 */
export function novaStorageUsers(instancesDir: string, now: number, warn: (line: string) => void): string[] | null {
  const file = path.join(instancesDir, 'compute_nodes');
  let text: string;
  const held = registryReadLock(instancesDir);
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_COMPUTE_NODES_BYTES) {
      warn(`${file} is not Nova's host registry (${st.isFile() ? `${st.size} bytes` : 'not a regular file'}); shared storage is not detected from it`);
      return null;
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code}; shared storage is not detected from it`);
    return null;
  } finally {
    held?.release();
  }
  let d: unknown;
  try {
    d = JSON.parse(text);
  } catch {
    warn(`cannot decode JSON from ${file} (as Nova says then); shared storage is not detected from it`);
    return null;
  }
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return [];
  return Object.entries(d as Record<string, unknown>)
    .filter(([, t]) => typeof t === 'number' && now / 1000 - t < NOVA_HOST_WINDOW_S)
    .map(([host]) => host)
    .sort();
}

/** A read lock on Nova's registry lock, waiting up to 2 s for Nova to finish a rewrite; null when it cannot be had. */
function registryReadLock(instancesDir: string): { release(): void } | null {
  const lockFile = path.join(instancesDir, 'locks', 'nova-storage-registry-lock');
  const until = Date.now() + 2_000;
  for (;;) {
    try {
      const held = tryLockFile(lockFile, { create: false, exclusive: false });
      if (held || Date.now() > until) return held;
    } catch {
      return null; // no lock file (Nova never ran here) or no addon: read without it
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

/**
 * One warning line when entries have times ahead of this host's clock by more than the tolerated skew, or null.
 * On shared storage the file server stamps the times: a time in the future means one of the two clocks is wrong,
 * and every age on this cache is off by as much.
 */
export function futureTimesWarning(entries: readonly { name: string; mtimeMs: number; atimeMs: number }[], now: number): string | null {
  let count = 0;
  let lead = 0;
  let first = '';
  for (const e of entries) {
    const ahead = Math.max(e.mtimeMs, e.atimeMs) - now;
    if (ahead <= TOLERATED_SKEW_MS) continue;
    if (count === 0) first = e.name;
    count++;
    lead = Math.max(lead, ahead);
  }
  if (count === 0) return null;
  return `${count} ${count === 1 ? 'entry has' : 'entries have'} times up to ${Math.round(lead / 1000)}s ahead of this host's clock (${first}${count > 1 ? ', ...' : ''}): the file server's clock or this host's is wrong (up to ${TOLERATED_SKEW_MS / 1000}s is tolerated); such entries count as just used, and every age on this cache is off by the skew`;
}
