import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from '../scan/storage.js';
import { UsageError } from '../shared/errors.js';
import { filesystemOf } from '../sys/filesystems.js';
import { legacyLockDir, stateDirLockPlace, type LockPlace } from './lock.js';

export interface LockPlaceInput {
  /** The state directory (where the lock of a cache on local storage lives). */
  stateDir: string;
  /** Real path of the cache root. */
  root: string;
  storage: Storage;
  /** --lock-file, as given. */
  lockFile?: string;
  /** Nova's instances_path for this cache: its `locks/` holds Nova's own locks, and ours beside them. */
  novaInstancesDir?: string;
}

/** The lock file of a cache beside it on shared storage, for hosts that need not agree on anything but the cache. */
export function sharedLockFile(root: string, novaInstancesDir?: string): string {
  const base = path.basename(root);
  return novaInstancesDir ? path.join(novaInstancesDir, 'locks', `cachesweep-${base}`) : path.join(path.dirname(root), `.cachesweep-${base}.lock`);
}

/**
 * Where a run locks this cache. On local storage: the state directory, as before. On shared storage: a file every
 * host reaches by the same name relative to the cache, on the shared filesystem (for Nova in `instances/locks/`,
 * beside Nova's own locks; otherwise `.cachesweep-<name>.lock` beside the cache), so that a second host is excluded
 * whatever its --state-dir. `--lock-file` overrides both. Never inside the cache: it would be scanned and evicted.
 */
export function lockPlaceFor(i: LockPlaceInput): LockPlace {
  const legacyDir = legacyLockDir(i.stateDir, i.root);
  if (i.lockFile) {
    const file = path.resolve(i.lockFile);
    if (inside(realSoFar(file), i.root)) {
      throw new UsageError(`--lock-file: ${i.lockFile} is inside the cache root ${i.root}; keep the lock outside what is cleaned`);
    }
    // On a network filesystem the given file must be on one too, or other hosts do not see it (warned).
    const seen = i.storage.family === null || filesystemOf(existingAncestor(path.dirname(file))).sharedFamily !== null;
    return { file, shared: i.storage.shared && seen, dirMode: 0o755, legacyDir };
  }
  if (!i.storage.shared) return stateDirLockPlace(i.stateDir, i.root);
  const file = sharedLockFile(i.root, i.novaInstancesDir);
  // Shared by its filesystem: the lock must be on that filesystem too. (Said shared by the operator or by Nova's
  // host registry on a local filesystem, as in tests, there is no other filesystem to be on.)
  if (i.storage.family !== null && deviceOf(path.dirname(file)) !== fs.statSync(i.root).dev) {
    throw new UsageError(
      `the cache ${i.root} is on shared storage (${i.storage.filesystem}), but ${path.dirname(file)} is on another filesystem, where other hosts would not see its lock: give --lock-file FILE on the shared filesystem, outside the cache`,
    );
  }
  return { file, shared: true, dirMode: 0o755, legacyDir };
}

/** The directory, or its nearest existing ancestor (the lock's directory may not be made yet). */
function existingAncestor(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(d) || path.dirname(d) === d) return d;
  }
}

const deviceOf = (dir: string): number => fs.statSync(existingAncestor(dir)).dev;

/** The real path of as much of `p` as exists, the rest appended. */
function realSoFar(p: string): string {
  const rest: string[] = [];
  for (let cur = p; ; cur = path.dirname(cur)) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      if (path.dirname(cur) === cur) return p;
      rest.push(path.basename(cur));
    }
  }
}

/** Containment by path segments (`..x` is a name inside, `..` a step out). */
function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..');
}
