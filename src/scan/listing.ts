import os from 'node:os';
import type { EntryKind } from '../shared/types.js';
import { decodeName, fsPath } from '../shared/names.js';
import { readDirsStats, readDirStats, STAT, type DirStats } from '../sys/native.js';

export { STAT };
export { errnoName } from '../sys/native.js';

/**
 * A directory's names with the lstat of each, from one native call (readDirStats: Node's lstatSync and readdirSync
 * cost a JS object per file, which was the scan's whole per-file cost). Names are in byte order, as readdirSync
 * gives them, each as names.ts decodes it; name i's numbers are stats[i * STAT.fields + STAT.x].
 */
export interface Listing {
  names: string[];
  stats: Float64Array;
  /** 0, or the errno of that name's lstat (ENOENT: it vanished since the directory was read). */
  errs: Int32Array;
}

export const ENOENT = os.constants.errno.ENOENT;
const DT_UNKNOWN = 0;
const DT_DIR = 4;

/** `dir/name` for a name readdir gave (no slash in it) under a normalized absolute path: what path.join gives, cheaper. */
export const childPath = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/** List `dir` (a path as the scan builds them); `follow` only for the root, which readdirSync followed too. */
export function listDir(dir: string, follow = false): Listing {
  return listingOf(readDirStats(fsPath(dir), !follow));
}

/**
 * listDir of each directory (never following), read at once on several threads (readDirsStats): per directory its
 * Listing, or the error listDir would have thrown.
 */
export function listDirs(dirs: readonly string[]): (Listing | NodeJS.ErrnoException)[] {
  return readDirsStats(dirs.map(fsPath), true).map((r) => ('errs' in r ? listingOf(r) : r));
}

/** A listing, not an error: an `instanceof Error` test fails for errors made in another realm (the addon's, in jest). */
export const isListing = (x: Listing | NodeJS.ErrnoException): x is Listing => 'errs' in x;

const listingOf = (r: DirStats): Listing => ({ names: splitNames(r.names, r.errs.length), stats: r.stats, errs: r.errs });

/**
 * One string for all the names, then split at the NULs: the same strings as decodeName gives each (a NUL ends
 * every UTF-8 sequence), unless a name is not valid UTF-8 (the decoder then wrote U+FFFD somewhere): those
 * listings are decoded name by name.
 */
function splitNames(buf: Buffer, count: number): string[] {
  const all = buf.toString('utf8');
  if (!all.includes('\uFFFD')) {
    const names = all.split('\0');
    names.pop();
    return names;
  }
  const names = new Array<string>(count);
  for (let i = 0, start = 0; i < count; i++) {
    const end = buf.indexOf(0, start);
    names[i] = decodeName(buf.subarray(start, end));
    start = end + 1;
  }
  return names;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** What fs.Stats' isFile, isDirectory and isSymbolicLink say of this st_mode. */
export function kindOfMode(mode: number): EntryKind {
  const t = mode & S_IFMT;
  if (t === S_IFREG) return 'file';
  if (t === S_IFDIR) return 'dir';
  if (t === S_IFLNK) return 'symlink';
  return 'other';
}

export const isDirMode = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;

/**
 * Is name i a directory, as readdirSync's withFileTypes said: the d_type, and the lstat's mode only where the
 * filesystem gives none (Node then lstats it too).
 */
export function direntIsDir(l: Listing, i: number): boolean {
  const o = i * STAT.fields;
  const t = l.stats[o + STAT.dtype]!;
  return t === DT_DIR || (t === DT_UNKNOWN && l.errs[i] === 0 && isDirMode(l.stats[o + STAT.mode]!));
}

/**
 * Indices of the names in JavaScript's sort order (UTF-16 units, what `names.sort()` gave the walk), which is
 * byte order but for names past U+FFFF or with raw bytes: checked in one pass, sorted only when it differs.
 */
export function sortedOrder(names: readonly string[]): number[] {
  const order = names.map((_, i) => i);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! > names[i]!) return order.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  }
  return order;
}
