import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { isInside } from '../sys/paths.js';
import { walkEntryInodes } from './entry-inodes.js';

/** `dev:ino` key of an inode. */
export const inodeKey = (dev: number | bigint, ino: number | bigint): string => `${dev}:${ino}`;

/**
 * Finds the cache entry a path or an inode belongs to: the entry itself, or a directory entry containing it.
 * Detectors report what they see (a path, a device and inode); this turns it into entry names.
 */
export class EntryIndex {
  private readonly byAbs = new Map<string, Entry>();
  private readonly byIno = new Map<string, Entry>();
  private dirInodesLoaded = false;

  constructor(
    readonly root: string,
    readonly entries: readonly Entry[],
  ) {
    for (const e of entries) {
      this.byAbs.set(e.path, e);
      if (e.kind !== 'dir') this.byIno.set(inodeKey(e.fingerprint.dev, e.fingerprint.ino), e);
    }
  }

  /** The entry at `abs` or containing it (abs must be absolute and normalised), or undefined when it is not in the cache. */
  entryAt(abs: string): Entry | undefined {
    // `..dd` is an entry name, not a way out: containment by segments (a `startsWith('..')` test missed it).
    if (abs === this.root || !isInside(abs, this.root)) return undefined;
    let cur = abs;
    while (cur !== this.root && cur.length > this.root.length) {
      const e = this.byAbs.get(cur);
      if (e) return e;
      cur = path.dirname(cur);
    }
    return undefined;
  }

  /** The entry owning this inode: a file entry, or (after loadDirInodes) a file inside a directory entry. */
  entryOfInode(dev: number | bigint, ino: number | bigint): Entry | undefined {
    return this.byIno.get(inodeKey(dev, ino));
  }

  /** Index the inodes inside directory entries too (lstat only, not leaving the entry's device). Costs a walk. */
  loadDirInodes(): void {
    if (this.dirInodesLoaded) return;
    this.dirInodesLoaded = true;
    for (const e of this.entries) {
      if (e.kind !== 'dir') continue;
      for (const ino of walkEntryInodes(e)) this.byIno.set(inodeKey(e.fingerprint.dev, ino), e);
    }
  }
}

/** Keep at most `max` reasons per entry, then one line saying how many more: a base image used by 300 disks stays readable. */
export function capReasons(reasons: string[], max: number, more: (n: number) => string): string[] {
  if (reasons.length <= max) return reasons;
  return [...reasons.slice(0, max), more(reasons.length - max)];
}
