import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../sys/paths.js';

/**
 * Files in an instance directory that are never disk images: not read, not worried about. Every other regular
 * file is read: Nova's disk, disk.local, disk.swap, disk.eph0, disk.config, disk.rescue, kernel, ramdisk and any
 * other image.
 */
const NOT_AN_IMAGE = /(^console\.log$|^libvirt\.xml$|^disk\.info$|^compute_nodes$|\.(log|xml|info|json|txt|pid|sock|lock|sh|conf|ini)$)/i;
/**
 * Instance trees are shallow (instances/<uuid>/disk), but a disk nested deeper than a walk goes is a disk whose
 * base image would be deleted from under it. Deeper than this is not followed, and counts as a disk that could not
 * be reached (every entry kept), never as no disk.
 */
export const MAX_WALK_DEPTH = 64;

/** A file found under an instances directory, and how it is named in reasons and warnings. */
export interface FoundDisk {
  path: string;
  label: string;
}

/** Something under an instances directory that could not be reached: what it may back onto is unknown. */
export interface Unreachable {
  label: string;
  why: string;
}

export interface WalkResult {
  disks: FoundDisk[];
  unreachable: Unreachable[];
  warnings: string[];
}

/**
 * Every regular file under the instance directories, for reading only. Not entered: the cache root, the top-level
 * `locks/` directory, a directory already seen (by device and inode). Instance directories that are symlinks (an
 * instance kept on another volume) are followed; deeper symlinks to directories are not (one link to `/` would have
 * the walk read the whole machine), nor links to a directory holding the instances directory or the cache.
 * A dangling link, or a name that cannot be looked at, is unreachable.
 */
export function walkInstanceDirs(dirs: readonly string[], root: string): WalkResult {
  const out: WalkResult = { disks: [], unreachable: [], warnings: [] };
  const seen = new Set<string>();
  try {
    const st = fs.statSync(root);
    seen.add(`${st.dev}:${st.ino}`);
  } catch {
    // the root was validated by the caller
  }
  for (const dir of dirs) walkOne(dir, root, seen, out);
  return out;
}

function walkOne(top: string, root: string, seen: Set<string>, out: WalkResult): void {
  const labelBase = path.dirname(top);
  const label = (p: string): string => path.relative(labelBase, p) || p;
  const unreachable = (p: string, why: string, warning: string): void => {
    out.unreachable.push({ label: label(p), why });
    out.warnings.push(warning);
  };
  const walk = (d: string, depth: number): void => {
    let names: string[];
    try {
      names = fs.readdirSync(d).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (code === 'ENOENT' && depth > 0) return; // removed while walking
      // A directory that cannot be listed may hold disks: it is an unreadable disk for safety's sake.
      unreachable(`${d}/`, code, `cannot list instance directory ${d}: ${code}; its disks are not known`);
      return;
    }
    for (const name of names) {
      if (depth === 0 && name === 'locks') continue;
      const p = path.join(d, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
        if (st.isSymbolicLink()) st = followLink(p, depth, root, top);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        if (code === 'ENOENT' && !isLink(p)) continue; // vanished while walking
        if (code === 'ESKIP' || NOT_AN_IMAGE.test(name)) continue;
        unreachable(p, code, `cannot reach ${label(p)}: ${(err as Error).message}; what it backs onto is not known`);
        continue;
      }
      if (st.isDirectory()) {
        const key = `${st.dev}:${st.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (depth + 1 > MAX_WALK_DEPTH) {
          unreachable(`${p}/`, 'too deep', `${label(p)}/ is nested deeper than ${MAX_WALK_DEPTH} directories: its disks are not read`);
          continue;
        }
        walk(p, depth + 1);
      } else if (st.isFile() && !NOT_AN_IMAGE.test(name)) {
        out.disks.push({ path: p, label: label(p) });
      }
    }
  };
  walk(top, 0);
}

/**
 * What a symlink met in the walk points at (stat). An instance directory (depth 0) that is a link is followed;
 * a deeper link to a directory, or any link to a directory that contains the instances directory or the cache, or
 * lies inside the cache, is skipped (ESKIP). A dangling link throws ENOENT with a message saying so.
 */
function followLink(p: string, depth: number, root: string, top: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    let target = '?';
    try {
      target = fs.readlinkSync(p);
    } catch {
      // keep '?'
    }
    throw Object.assign(new Error(`a symlink to ${target} (${e.code ?? e.message})`), { code: e.code });
  }
  if (!st.isDirectory()) return st;
  const real = fs.realpathSync.native(p);
  // Into the cache, its files would be read as instance disks (and the cache root is never an instance directory).
  if (depth > 0 || contains(real, top) || contains(real, root) || contains(root, real)) {
    throw Object.assign(new Error('skipped'), { code: 'ESKIP' });
  }
  return st;
}

/** Is `inner` the directory `outer` or below it? (both real, absolute) */
const contains = (outer: string, inner: string): boolean => isInside(inner, outer);

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
