// The scanner as it was before readDirStats (src/scan/measure.ts at f8aba13: readdirSync + lstatSync per file), kept
// unchanged as the oracle of __tests__/scan/native-walk.fuzz.test.ts. A deliberate change of what the scan gives
// is made here too, in the same commit, so that the fuzz test keeps checking everything else.
import fs from 'node:fs';
import path from 'node:path';
import type { EntryKind, Fingerprint } from '../../../src/shared/types.js';
import { instanceWhy, looksLikeGlanceCache, markOf } from '../../../src/scan/recognise.js';
import { decodeName, fsPath } from '../../../src/shared/names.js';

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

export function kindOf(st: fs.Stats): EntryKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  return 'other';
}

/** `dir/name` for a name readdir gave (no slash in it) under a normalized absolute path: what path.join gives, cheaper. */
export const childPath = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

/**
 * Measure one entry with lstat and readdir only: no file is opened, so no atime changes.
 * Nothing is kept per file: only the sums, the newest times, and hard-linked inodes (nlink > 1).
 * `absPath` is normalized (the scan's paths are; path.join(x, '.') makes one so).
 * Directory atimes are not used (reading a directory may update its own atime on strictatime mounts).
 * Links are never followed; directories on another device, or listed in `mounts` (bind mounts of the same
 * filesystem keep its device), are not entered.
 */
export function measure(absPath: string, rootDev: number, top?: fs.Stats, mounts?: ReadonlySet<string>): Measurement {
  const st = top ?? fs.lstatSync(fsPath(absPath));
  const kind = kindOf(st);
  const m: Measurement = {
    kind,
    fingerprint: { dev: st.dev, ino: st.ino, kind, apparentBytes: 0, mtimeMs: 0, nodes: 0 },
    soleBytes: 0,
    apparentBytes: 0,
    mtimeMs: 0,
    atimeMs: 0,
    warnings: [],
    unreadable: [],
  };
  if (st.dev !== rootDev || mounts?.has(absPath)) {
    m.mountPoint = '.';
    addNode(m, st, false);
    return m;
  }
  addNode(m, st, kind !== 'dir');
  if (kind !== 'dir') return m;
  // Kept for the in-use detectors, which match a process's files, cwd and root by inode, whatever path it used.
  const inodes = (m.inodes = [st.ino]);
  const stack: string[] = [absPath];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let marks = 0;
    let names: string[];
    try {
      names = (fs.readdirSync(fsPath(dir), { encoding: 'buffer' }) as Buffer[]).map(decodeName);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // vanished while scanning (a race, not a read error: the re-check sees it)
      unreadable(m, absPath, path.relative(absPath, dir) || '.', 'read', code ?? String(err));
      continue;
    }
    for (const name of names) {
      const p = childPath(dir, name);
      let cst: fs.Stats;
      try {
        cst = fs.lstatSync(fsPath(p));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // vanished while scanning
        unreadable(m, absPath, path.relative(absPath, p), 'stat', code ?? String(err));
        continue;
      }
      if (cst.dev !== rootDev || mounts?.has(p)) {
        m.mountPoint ??= path.relative(absPath, p);
        continue;
      }
      const isDir = cst.isDirectory();
      addNode(m, cst, !isDir);
      inodes.push(cst.ino);
      marks |= markOf(name, isDir);
      if (isDir) stack.push(p);
    }
    const why = m.instance ? null : instanceWhy(marks);
    if (why !== null) m.instance = { at: path.relative(absPath, dir) || '.', why };
    if (dir === absPath) m.glanceCache = looksLikeGlanceCache(marks);
  }
  m.fingerprint.apparentBytes = m.apparentBytes;
  m.fingerprint.mtimeMs = m.mtimeMs;
  return m;
}

/**
 * The warning names the path from the cache root (`secret`, `half/sub`), the way --quiet's line and the JSON's
 * `unreadable` do: relative to the entry, an entry that could not be listed at all read `cannot read .`.
 */
function unreadable(m: Measurement, absPath: string, rel: string, what: 'read' | 'stat', error: string): void {
  m.warnings.push(`cannot ${what} ${path.join(path.basename(absPath), rel)}: ${error}`);
  m.unreadable.push({ path: rel, error });
}

function addNode(m: Measurement, st: fs.Stats, useAtime: boolean): void {
  m.fingerprint.nodes++;
  const blocksBytes = st.blocks * 512;
  if (!st.isDirectory()) m.apparentBytes += st.size;
  if (st.mtimeMs > m.mtimeMs) m.mtimeMs = st.mtimeMs;
  if (useAtime && st.atimeMs > m.atimeMs) m.atimeMs = st.atimeMs;
  if (st.nlink > 1 && !st.isDirectory()) {
    const key = `${st.dev}:${st.ino}`;
    const linked = (m.linked ??= new Map());
    const seen = linked.get(key);
    if (seen) seen.count++;
    else linked.set(key, { inode: { key, nlink: st.nlink, blocksBytes }, count: 1 });
  } else {
    m.soleBytes += blocksBytes;
  }
  m.fingerprint.apparentBytes = m.apparentBytes;
  m.fingerprint.mtimeMs = m.mtimeMs;
}
