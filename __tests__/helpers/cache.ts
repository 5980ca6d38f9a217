/** Real caches on disk for the tests: temporary directories, files with real blocks and chosen times, trees, snapshots. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOUR } from './units.js';

/** A time `ms` before `now`, in whole seconds (so times set with utimes read back exactly). */
export const ago = (ms: number, now = Date.now()): number => Math.floor((now - ms) / 1000) * 1000;

/** File times to set (ms since epoch); both default to the other, then to now. */
export interface Times {
  mtimeMs?: number;
  atimeMs?: number;
}

/** A file: its size in bytes (written for real, not sparse) and times. */
export interface FileSpec extends Times {
  size: number;
}

/** A directory: its children and (optionally) its own times, set after the children are written. */
export interface DirSpec extends Times {
  dir: Record<string, NodeSpec>;
}

export type NodeSpec = FileSpec | DirSpec;

/** Temporary directories made by this test file; the test environment (__tests__/setup/environment.cjs) removes them after it. */
export const madeTempDirs: Set<string> = ((globalThis as { cachesweepTempDirs?: Set<string> }).cachesweepTempDirs ??= new Set());

/** A new temporary directory (a real path), removed after the test file (unless a mount is still on it). */
export function tempDir(prefix = 'cachesweep-test-', base = os.tmpdir()): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(base, prefix)));
  madeTempDirs.add(dir);
  return dir;
}

/** A fresh temporary directory holding `cache/` (created) and a `state` path (not created), and how to remove both. */
export function tempCache(prefix = 'cachesweep-test-'): { dir: string; cache: string; state: string; cleanup: () => void } {
  const dir = tempDir(prefix);
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(cache);
  return { dir, cache, state: path.join(dir, 'state'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const CHUNK = Buffer.alloc(1 << 20, 0x5a);

/**
 * Write `size` real bytes (non-zero, so every block is allocated), creating the parent directories, and set the
 * times (a number: both times).
 */
export function writeFile(p: string, size: number, times: Times | number = {}): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const fd = fs.openSync(p, 'w');
  try {
    let left = size;
    while (left > 0) {
      const n = Math.min(left, CHUNK.length);
      fs.writeSync(fd, CHUNK, 0, n);
      left -= n;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  setTimes(p, typeof times === 'number' ? { mtimeMs: times } : times);
}

/** Set atime and mtime with utimes (lutimes for a symlink: the link itself, never its target). */
export function setTimes(p: string, times: Times): void {
  if (times.mtimeMs === undefined && times.atimeMs === undefined) return;
  const mtime = times.mtimeMs ?? times.atimeMs!;
  const atime = times.atimeMs ?? mtime;
  if (fs.lstatSync(p).isSymbolicLink()) fs.lutimesSync(p, atime / 1000, mtime / 1000);
  else fs.utimesSync(p, atime / 1000, mtime / 1000);
}

/** Create `spec` under `root` (created when missing): files first, then each directory's own times. */
export function makeTree(root: string, spec: Record<string, NodeSpec>): void {
  fs.mkdirSync(root, { recursive: true });
  for (const [name, node] of Object.entries(spec)) {
    const p = path.join(root, name);
    if ('dir' in node) {
      fs.mkdirSync(p);
      makeTree(p, node.dir);
      setTimes(p, node);
    } else {
      writeFile(p, node.size, node);
    }
  }
}

/** A new temporary cache directory holding `spec`. */
export function makeCache(spec: Record<string, NodeSpec>, base = os.tmpdir()): string {
  const root = tempDir('cachesweep-cache-', base);
  makeTree(root, spec);
  return root;
}

/** Files by name: [bytes, idle hours] (both times that long before `now`), as a spec for makeTree. */
export function idleFiles(files: Record<string, [number, number]>, now = Date.now()): Record<string, FileSpec> {
  const spec: Record<string, FileSpec> = {};
  for (const [name, [size, idleHours]] of Object.entries(files)) spec[name] = { size, mtimeMs: now - idleHours * HOUR };
  return spec;
}

/** Everything a test compares about one node: identity, size, allocation and times. */
export interface NodeState {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  ino: number;
  size: number;
  blocks: number;
  mtimeMs: number;
  /** null for directories: listing a directory updates its own atime on strictatime mounts (as `ls` does). */
  atimeMs: number | null;
}

/**
 * lstat every node under `root` (never following links, never opening a file, never reading a link: readlink
 * updates a symlink's atime on strictatime mounts), so taking the snapshot changes nothing itself.
 * Keys are paths relative to root; root itself is `.`.
 */
export function snapshot(root: string): Map<string, NodeState> {
  const out = new Map<string, NodeState>();
  const visit = (rel: string): void => {
    const p = rel === '.' ? root : path.join(root, rel);
    const st = fs.lstatSync(p);
    const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
    const s: NodeState = {
      kind,
      ino: st.ino,
      size: st.size,
      blocks: st.blocks,
      mtimeMs: st.mtimeMs,
      atimeMs: kind === 'dir' ? null : st.atimeMs,
    };
    out.set(rel, s);
    if (kind === 'dir') for (const c of fs.readdirSync(p).sort()) visit(rel === '.' ? c : path.join(rel, c));
  };
  visit('.');
  return out;
}

/** Allocated bytes (st_blocks * 512) of every node under `p`, computed independently of the scanner. */
export function allocatedUnder(p: string): number {
  const st = fs.lstatSync(p);
  let total = st.blocks * 512;
  if (st.isDirectory()) for (const c of fs.readdirSync(p)) total += allocatedUnder(path.join(p, c));
  return total;
}

/** Remove a test directory (not crossing into anything mounted below it: unmount first). */
export function removeDir(p: string | undefined): void {
  if (p) fs.rmSync(p, { recursive: true, force: true });
}
