import * as sys from '../sys/native.js';
import { nameBytes, selfAndAbove } from '../shared/names.js';
import { openDirBelow, RemoveRefused } from './remove.js';
import type { RootHandle } from './root.js';

/** Containers a clean left empty and removed, and those it could not remove for another reason than content. */
export interface Pruned {
  removed: string[];
  failed: { name: string; error: string }[];
}

/**
 * Remove the containers that the deletions left empty: the directories above each deleted entry that the scan
 * entered because of the entry shape (`prunable`: never the root, never a directory the layout names or keeps),
 * deepest first. Through handles as removeEntry goes: every directory on the way is opened without following a
 * link and checked to be on the root's mount, and the directory itself goes by rmdir (unlinkat AT_REMOVEDIR), which
 * removes nothing but an empty directory: one that something was put in since, or that a link or a mount took the
 * place of, stays. A directory that stays keeps every directory above it.
 */
export function pruneEmptied(root: RootHandle, deleted: readonly string[], prunable: ReadonlySet<string>): Pruned {
  const out: Pruned = { removed: [], failed: [] };
  const candidates = new Set<string>();
  for (const name of deleted) for (const dir of selfAndAbove(name).slice(1)) if (prunable.has(dir)) candidates.add(dir);
  const depth = (n: string): number => n.split('/').length;
  const order = [...candidates].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
  const stays = new Set<string>();
  for (const dir of order) {
    if (stays.has(dir)) continue;
    let gone = false;
    try {
      gone = rmdirBelow(root, dir);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      out.failed.push({ name: dir, error: e instanceof RemoveRefused || !e.code ? e.message : `${e.code}: ${e.message}` });
    }
    if (gone) out.removed.push(dir);
    else for (const up of selfAndAbove(dir).slice(1)) stays.add(up);
  }
  return out;
}

const isCode = (err: unknown, ...codes: string[]): boolean => codes.includes((err as NodeJS.ErrnoException).code ?? '');

/** rmdir `rel` relative to the root handle: true when it went (or was gone already), false when it is not empty. */
function rmdirBelow(root: RootHandle, rel: string): boolean {
  const parts = rel.split('/');
  const last = parts.pop()!;
  const held: number[] = [];
  try {
    let dirFd = root.fd;
    let so = '';
    for (const part of parts) {
      so = so ? `${so}/${part}` : part;
      const fd = openDirBelow(root, dirFd, nameBytes(part), so);
      if (fd === null) return true;
      held.push(fd);
      dirFd = fd;
    }
    try {
      // As bytes: a container's name need not be UTF-8 (names.ts); Node would write U+FFFD for its raw bytes.
      sys.unlinkat(dirFd, nameBytes(last), true);
      return true;
    } catch (err) {
      if (isCode(err, 'ENOENT')) return true;
      // Not empty (written to since), a link or a file now (ENOTDIR), a mount point (EBUSY): it stays.
      if (isCode(err, 'ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EBUSY')) return false;
      throw err;
    }
  } finally {
    for (const fd of held) sys.close(fd);
  }
}
