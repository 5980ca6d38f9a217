import fs from 'node:fs';
import path from 'node:path';
import { pruneEmptied } from '../../src/apply/prune.js';
import { closeRoot, openRoot, type RootHandle } from '../../src/apply/root.js';
import { removeDir, snapshot, tempDir } from '../helpers/cache.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// The containers a clean empties (--entries files, --depth, a layout's shards) are removed through the root handle,
// by rmdir, never by a path resolved again: a container swapped for a symbolic link, a directory above it swapped
// for one, or a mount on it, removes nothing outside the cache and nothing that is not empty.

let base: string;
let root: string;
let outside: string;
let handle: RootHandle;
beforeEach(() => {
  base = tempDir();
  root = path.join(base, 'cache');
  outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  fs.mkdirSync(path.join(root, 'full', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'full', 'sub', 'written-since'), 'x');
  fs.mkdirSync(path.join(outside, 'b'), { recursive: true }); // empty: exactly what an rmdir by path would take
  handle = openRoot(root);
});
afterEach(() => {
  closeRoot(handle);
  removeDir(base);
});

const prunable = new Set(['a', 'a/b', 'full', 'full/sub']);

it('removes the emptied containers deepest first, and keeps one written to since with every directory above it', () => {
  const out = pruneEmptied(handle, ['a/b/gone', 'full/sub/gone'], prunable);
  expect(out).toEqual({ removed: ['a/b', 'a'], failed: [] });
  expect([...snapshot(root).keys()].sort()).toEqual(['.', 'full', 'full/sub', 'full/sub/written-since']);
});

it('a container swapped for a symbolic link to an empty directory outside: the link stays, the outside directory too', () => {
  fs.rmdirSync(path.join(root, 'a', 'b'));
  fs.symlinkSync(path.join(outside, 'b'), path.join(root, 'a', 'b'));
  const out = pruneEmptied(handle, ['a/b/gone'], prunable);
  expect(out.removed).toEqual([]);
  expect(fs.lstatSync(path.join(root, 'a', 'b')).isSymbolicLink()).toBe(true);
  expect(fs.statSync(path.join(outside, 'b')).isDirectory()).toBe(true);
});

it('a directory above it swapped for a symbolic link out of the cache: not entered, nothing removed through it', () => {
  fs.rmSync(path.join(root, 'a'), { recursive: true });
  fs.symlinkSync(outside, path.join(root, 'a'));
  const out = pruneEmptied(handle, ['a/b/gone'], prunable);
  expect(out.removed).toEqual([]);
  expect(out.failed.map((f) => f.name)).toEqual(['a/b']);
  expect(out.failed[0]!.error).toMatch(/no longer a directory/);
  expect(fs.statSync(path.join(outside, 'b')).isDirectory()).toBe(true);
  expect(fs.lstatSync(path.join(root, 'a')).isSymbolicLink()).toBe(true);
});

describe('a mount on an emptied container', () => {
  let fsys: Tmpfs | undefined;
  afterEach(() => fsys?.unmount());
  it('stays mounted and in place (rmdir of a mount point fails; nothing below it is looked at)', () => {
    fsys = mountTmpfs({ sizeMb: 1, at: path.join(root, 'a', 'b') });
    const out = pruneEmptied(handle, ['a/b/gone'], prunable);
    expect(out.removed).toEqual([]);
    expect(fs.statSync(path.join(root, 'a', 'b')).dev).toBe(fsys.dev);
  });
});
