import fs from 'node:fs';
import path from 'node:path';
import { novaClassOf } from './layouts/nova.js';

/**
 * A lock file this old (its mtime: its creation, as nothing ever writes to one) whose image is not in the cache is left over (by an older Nova, by a removal that failed, by
 * a swap or ephemeral file Nova removed without its lock): a fetch in progress creates the lock moments before its
 * `.part` file, so a young one may belong to work under way.
 */
export const ORPHAN_LOCK_AGE_MS = 24 * 3_600_000;

/** How many names a report lists; the count is always whole. */
const LISTED = 20;

export interface OrphanedNovaLocks {
  /** Nova's lock directory (`<instances_path>/locks`). */
  dir: string;
  /** How many `nova-<image>` lock files there belong to no file of the cache. */
  count: number;
  /** The first of them by name (at most 20). */
  names: string[];
}

/**
 * Nova's lock files of images that are no longer in the cache: `nova-<name>` where `<name>` is a name Nova gives
 * base files and neither it nor its partial download is in the cache, older than ORPHAN_LOCK_AGE_MS. Reported, never
 * removed: a process may have the file open and be waiting for its lock, and removing it would let that process
 * and the next one to create the file both "hold" the lock. Null when the directory cannot be read.
 */
export function orphanedNovaLocks(lockDir: string, root: string, now: number): OrphanedNovaLocks | null {
  let names: string[];
  try {
    names = fs.readdirSync(lockDir);
  } catch {
    return null;
  }
  const orphaned: string[] = [];
  for (const lock of names.sort()) {
    if (!lock.startsWith('nova-')) continue;
    const image = lock.slice(5);
    const cls = novaClassOf(image);
    if (cls === null || cls === 'partial') continue; // storage-registry-lock, instance uuids, ...
    if ([image, `${image}.part`, `${image}.converted`].some((n) => exists(path.join(root, n)))) continue;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(lockDir, lock));
    } catch {
      continue;
    }
    if (!st.isFile() || now - st.mtimeMs < ORPHAN_LOCK_AGE_MS) continue;
    orphaned.push(lock);
  }
  return { dir: lockDir, count: orphaned.length, names: orphaned.slice(0, LISTED) };
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The report's line about them, or null when there are none. */
export function orphanedNovaLocksNote(o: OrphanedNovaLocks | undefined): string | null {
  if (!o || o.count === 0) return null;
  const more = o.count > o.names.length ? `, and ${o.count - o.names.length} more` : '';
  return `${o.count} of Nova's lock files in ${o.dir} ${o.count === 1 ? 'belongs' : 'belong'} to images no longer in the cache (${o.names.join(', ')}${more}): left in place, since a process may be waiting on one; remove them while Nova is stopped`;
}
