import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { isInside } from '../sys/paths.js';
import { walkEntryInodes } from './entry-inodes.js';

/** `dev:ino` key of an inode. */
export const inodeKey = (dev: number | bigint, ino: number | bigint): string => `${dev}:${ino}`;

/** dev -> ino -> entry. Numbers, not `dev:ino` strings: a string per entry was most of the cost of an index. */
type InodeTable = Map<number, Map<number, Entry>>;

/** The entry of an inode; of two entries with one inode, the later in the entries. */
interface InodeLookup {
  get(dev: number, ino: number): Entry | undefined;
}

/** The tables of one array of entries, made when first asked for and shared by every index over that array. */
interface Tables {
  byAbs?: Map<string, Entry>;
  byIno?: InodeLookup;
}

// Each detector makes its own index over the same entries: at 200k entries, building the tables three times (open
// files, held locks, operator lists) cost 0.9 s. Keyed weakly by the array, so a batch of victims gets its own.
const shared = new WeakMap<readonly Entry[], Tables>();

function tablesOf(entries: readonly Entry[]): Tables {
  let t = shared.get(entries);
  if (!t) shared.set(entries, (t = {}));
  return t;
}

/**
 * Forget the tables made over `entries`. The scan's entries are indexed once for the detectors' collect and never
 * again: a re-check indexes its own batch of victims. Kept weakly by the array, the tables lived as long as the
 * plan did (a dev -> ino map of every file entry: 7 MiB at 200k entries, through the --json output); an index asked
 * for again after this builds them again.
 */
export function releaseEntryTables(entries: readonly Entry[]): void {
  shared.delete(entries);
}

function setIno(table: InodeTable, dev: number, ino: number, e: Entry): void {
  let byIno = table.get(dev);
  if (!byIno) table.set(dev, (byIno = new Map()));
  byIno.set(ino, e);
}

/**
 * Finds the cache entry a path or an inode belongs to: the entry itself, or a directory entry containing it.
 * Detectors report what they see (a path, a device and inode); this turns it into entry names.
 */
export class EntryIndex {
  private readonly tables: Tables;
  /** Inodes inside directory entries (loadDirInodes): this index's own, not shared, as they cost a walk. */
  private dirInodes: InodeTable | undefined;

  constructor(
    readonly root: string,
    readonly entries: readonly Entry[],
  ) {
    this.tables = tablesOf(entries);
  }

  private byAbs(): Map<string, Entry> {
    let m = this.tables.byAbs;
    if (!m) {
      m = new Map();
      for (const e of this.entries) m.set(e.path, e);
      this.tables.byAbs = m;
    }
    return m;
  }

  private byIno(): InodeLookup {
    return (this.tables.byIno ??= fileInodes(this.entries));
  }

  /** The entry at `abs` or containing it (abs must be absolute and normalised), or undefined when it is not in the cache. */
  entryAt(abs: string): Entry | undefined {
    // `..dd` is an entry name, not a way out: containment by segments (a `startsWith('..')` test missed it).
    if (abs === this.root || !isInside(abs, this.root)) return undefined;
    const byAbs = this.byAbs();
    let cur = abs;
    while (cur !== this.root && cur.length > this.root.length) {
      const e = byAbs.get(cur);
      if (e) return e;
      cur = path.dirname(cur);
    }
    return undefined;
  }

  /** The entry owning this inode: a file entry, or (after loadDirInodes) a file inside a directory entry. */
  entryOfInode(dev: number | bigint, ino: number | bigint): Entry | undefined {
    const d = Number(dev);
    const i = Number(ino);
    // A directory entry's inodes come after the file entries', as they did when both were in one map: a hard link
    // shared by a file entry and a directory entry names the directory entry.
    return this.dirInodes?.get(d)?.get(i) ?? this.byIno().get(d, i);
  }

  /** Index the inodes inside directory entries too (lstat only, not leaving the entry's device). Costs a walk. */
  loadDirInodes(): void {
    if (this.dirInodes) return;
    const t: InodeTable = (this.dirInodes = new Map());
    for (const e of this.entries) {
      if (e.kind !== 'dir') continue;
      for (const ino of walkEntryInodes(e)) setIno(t, e.fingerprint.dev, ino, e);
    }
  }
}

/**
 * The file entries by inode, as sorted keys: per device, each entry's inode times 2^b plus its position (2^b above
 * the count of entries), in a Float64Array sorted natively. As a Map of a million inodes it took a third of a second
 * and some 30 MiB (and as much again in the tables it outgrew) while the detectors ran, the run's peak since the store
 * is read before the scan. An inode too large for the key (2^53 / 2^b: 2^32 at a million entries; only on file
 * systems with 64-bit inode numbers) gets the Map.
 */
export function fileInodes(entries: readonly Entry[]): InodeLookup {
  const scale = 2 ** Math.max(1, Math.ceil(Math.log2(entries.length + 1)));
  const limit = 2 ** 53 / scale;
  const keys = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind === 'dir') continue;
    const { dev, ino } = e.fingerprint;
    if (!(Number.isInteger(ino) && ino >= 0 && ino < limit)) return inodeMap(entries);
    let list = keys.get(dev);
    if (!list) keys.set(dev, (list = []));
    list.push(ino * scale + i);
  }
  const sorted = new Map<number, Float64Array>();
  for (const [dev, list] of keys) sorted.set(dev, new Float64Array(list).sort());
  return {
    get(dev, ino) {
      const k = sorted.get(dev);
      if (!k || !(Number.isInteger(ino) && ino >= 0 && ino < limit)) return undefined;
      // The last key below (ino + 1) * scale: the inode's entry of the highest position, as a Map set in order keeps.
      const below = (ino + 1) * scale;
      let lo = 0;
      let hi = k.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (k[mid]! < below) lo = mid + 1;
        else hi = mid;
      }
      if (lo === 0) return undefined;
      const key = k[lo - 1]!;
      return key >= ino * scale ? entries[key - ino * scale] : undefined;
    },
  };
}

function inodeMap(entries: readonly Entry[]): InodeLookup {
  const t: InodeTable = new Map();
  for (const e of entries) if (e.kind !== 'dir') setIno(t, e.fingerprint.dev, e.fingerprint.ino, e);
  return { get: (dev, ino) => t.get(dev)?.get(ino) };
}

/** Keep at most `max` reasons per entry, then one line saying how many more: a base image used by 300 disks stays readable. */
export function capReasons(reasons: string[], max: number, more: (n: number) => string): string[] {
  if (reasons.length <= max) return reasons;
  return [...reasons.slice(0, max), more(reasons.length - max)];
}
