import fs from 'node:fs';
import path from 'node:path';
import type { EntryKind, Fingerprint } from '../shared/types.js';
import { instanceWhy, looksLikeGlanceCache, markOf } from './recognise.js';
import { fsPath } from '../shared/names.js';
import { childPath, ENOENT, errnoName, isDirMode, isListing, kindOfMode, STAT, type Listing } from './listing.js';

export { childPath };
import { StackAhead } from './lookahead.js';

/** A file with other hard links: it frees space only when all its links go. */
export interface LinkedInode {
  key: string;
  nlink: number;
  blocksBytes: number;
}

/** Everything measured under one entry, before hard links are settled. */
export interface Measurement {
  kind: EntryKind;
  fingerprint: Fingerprint;
  /** Allocated bytes of inodes with a single link (always freed with the entry). */
  soleBytes: number;
  /** Inodes with more than one link, and how many of their links are inside this entry (made at the first such inode). */
  linked?: Map<string, { inode: LinkedInode; count: number }>;
  apparentBytes: number;
  mtimeMs: number;
  atimeMs: number;
  /** Path (relative to the entry) of a mount point met inside, if any: such an entry is never deleted. */
  mountPoint?: string;
  warnings: string[];
  /** What could not be read (path relative to the entry, `.` for itself, and the errno code): one per warning. */
  unreadable: { path: string; error: string }[];
  /** Directory entries: the inode number of every node inside (itself included), all on the root's device. */
  inodes?: number[];
  /** Directory entries: the first directory inside (`.` for itself) that looks like a Nova instance, and why. */
  instance?: { at: string; why: string };
  /** Directory entries: the entry itself looks like a Glance image cache. */
  glanceCache?: boolean;
}

/** What lstat says of a node, the fields the scan uses (an fs.Stats is one). */
export type NodeStat = Pick<fs.Stats, 'dev' | 'ino' | 'mode' | 'nlink' | 'size' | 'blocks' | 'atimeMs' | 'mtimeMs'>;

export const kindOf = (st: Pick<fs.Stats, 'mode'>): EntryKind => kindOfMode(st.mode);

/** A NodeStat as a one-name row of a Listing's stats. */
function rowOf(st: NodeStat): Float64Array {
  const r = new Float64Array(STAT.fields);
  r[STAT.mode] = st.mode;
  r[STAT.size] = st.size;
  r[STAT.blocks] = st.blocks;
  r[STAT.atimeMs] = st.atimeMs;
  r[STAT.mtimeMs] = st.mtimeMs;
  r[STAT.ino] = st.ino;
  r[STAT.dev] = st.dev;
  r[STAT.nlink] = st.nlink;
  return r;
}


/**
 * Measure one entry with lstat and readdir only (both from one native call per directory, listing.ts): no file is
 * opened, so no atime changes.
 * Nothing is kept per file: only the sums, the newest times, and hard-linked inodes (nlink > 1).
 * `absPath` is normalized (the scan's paths are; path.join(x, '.') makes one so).
 * Directory atimes are not used (reading a directory may update its own atime on strictatime mounts).
 * Links are never followed; directories on another device, or listed in `mounts` (bind mounts of the same
 * filesystem keep its device), are not entered.
 */
export function measure(absPath: string, rootDev: number, top?: NodeStat, mounts?: ReadonlySet<string>): Measurement {
  return measureRow(absPath, rootDev, rowOf(top ?? fs.lstatSync(fsPath(absPath))), 0, mounts);
}

/** measure, the node's own lstat being row `o` of a listing's stats (the walk has it from the parent's listing). */
export function measureRow(absPath: string, rootDev: number, s: Float64Array, o: number, mounts?: ReadonlySet<string>): Measurement {
  const kind = kindOfMode(s[o + STAT.mode]!);
  const m: Measurement = {
    kind,
    fingerprint: { dev: s[o + STAT.dev]!, ino: s[o + STAT.ino]!, kind, apparentBytes: 0, mtimeMs: 0, nodes: 0 },
    soleBytes: 0,
    apparentBytes: 0,
    mtimeMs: 0,
    atimeMs: 0,
    warnings: [],
    unreadable: [],
  };
  if (s[o + STAT.dev] !== rootDev || mounts?.has(absPath)) {
    m.mountPoint = '.';
    addNode(m, s, o, false);
  } else {
    addNode(m, s, o, kind !== 'dir');
    if (kind === 'dir') walkInside(m, absPath, rootDev, mounts);
  }
  m.fingerprint.apparentBytes = m.apparentBytes;
  m.fingerprint.mtimeMs = m.mtimeMs;
  return m;
}

/** Everything below a directory entry, depth first, each directory's names in byte order (readdirSync's). */
function walkInside(m: Measurement, absPath: string, rootDev: number, mounts?: ReadonlySet<string>): void {
  // Kept for the in-use detectors, which match a process's files, cwd and root by inode, whatever path it used.
  const inodes = (m.inodes = [m.fingerprint.ino]);
  const checkMounts = mounts !== undefined && mounts.size > 0;
  const stack: string[] = [absPath];
  const sizes: number[] = [0]; // each directory's st_size, for the batches (lookahead.ts)
  const ahead = new StackAhead();
  while (stack.length > 0) {
    const got = ahead.take(stack, sizes);
    const dir = stack.pop()!;
    sizes.pop();
    let marks = 0;
    if (!isListing(got)) {
      const code = got.code;
      if (code === 'ENOENT') continue; // vanished while scanning (a race, not a read error: the re-check sees it)
      unreadable(m, absPath, path.relative(absPath, dir) || '.', 'read', code ?? String(got));
      continue;
    }
    const l: Listing = got;
    const { names, stats, errs } = l;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (errs[i] !== 0) {
        if (errs[i] === ENOENT) continue; // vanished while scanning
        unreadable(m, absPath, path.relative(absPath, childPath(dir, name)), 'stat', errnoName(errs[i]!));
        continue;
      }
      const o = i * STAT.fields;
      const isDir = isDirMode(stats[o + STAT.mode]!);
      const p = isDir || checkMounts ? childPath(dir, name) : '';
      if (stats[o + STAT.dev] !== rootDev || (checkMounts && mounts.has(p))) {
        m.mountPoint ??= path.relative(absPath, childPath(dir, name));
        continue;
      }
      addNode(m, stats, o, !isDir);
      inodes.push(stats[o + STAT.ino]!);
      marks |= markOf(name, isDir);
      if (isDir) {
        stack.push(p);
        sizes.push(stats[o + STAT.size]!);
      }
    }
    const why = m.instance ? null : instanceWhy(marks);
    if (why !== null) m.instance = { at: path.relative(absPath, dir) || '.', why };
    if (dir === absPath) m.glanceCache = looksLikeGlanceCache(marks);
  }
}

/**
 * The warning names the path from the cache root (`secret`, `half/sub`), the way --quiet's line and the JSON's
 * `unreadable` do: relative to the entry, an entry that could not be listed at all read `cannot read .`.
 */
function unreadable(m: Measurement, absPath: string, rel: string, what: 'read' | 'stat', error: string): void {
  m.warnings.push(`cannot ${what} ${path.join(path.basename(absPath), rel)}: ${error}`);
  m.unreadable.push({ path: rel, error });
}

function addNode(m: Measurement, s: Float64Array, o: number, useAtime: boolean): void {
  m.fingerprint.nodes++;
  const blocksBytes = s[o + STAT.blocks]! * 512;
  const isDir = isDirMode(s[o + STAT.mode]!);
  if (!isDir) m.apparentBytes += s[o + STAT.size]!;
  const mtimeMs = s[o + STAT.mtimeMs]!;
  if (mtimeMs > m.mtimeMs) m.mtimeMs = mtimeMs;
  if (useAtime && s[o + STAT.atimeMs]! > m.atimeMs) m.atimeMs = s[o + STAT.atimeMs]!;
  const nlink = s[o + STAT.nlink]!;
  if (nlink > 1 && !isDir) {
    const key = `${s[o + STAT.dev]}:${s[o + STAT.ino]}`;
    const linked = (m.linked ??= new Map());
    const seen = linked.get(key);
    if (seen) seen.count++;
    else linked.set(key, { inode: { key, nlink, blocksBytes }, count: 1 });
  } else {
    m.soleBytes += blocksBytes;
  }
}
