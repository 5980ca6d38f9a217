import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { removeEntry, MAX_OPEN_DIRS } from '../../src/apply/remove.js';
import { closeRoot, openRoot, rootChanged, type RootHandle } from '../../src/apply/root.js';
import { scan } from '../../src/scan/scan.js';
import type { Entry } from '../../src/shared/types.js';
import { ago, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';
import { mountTmpfs, tmpfsForFile } from '../helpers/tmpfs.js';
import { DAY } from '../helpers/units.js';

const tmp = tmpfsForFile({ sizeMb: 32, strictatime: true });
const { freshDir } = tmp;
const roots: RootHandle[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) closeRoot(r);
});
function open(root: string): RootHandle {
  const r = openRoot(root);
  roots.push(r);
  return r;
}
const entry = (root: string, name: string): Entry => {
  const e = scan(root).entries.find((x) => x.name === name);
  if (!e) throw new Error(`no entry ${name}`);
  return e;
};
const fdCount = (): number => fs.readdirSync('/proc/self/fd').length;

describe('removeEntry', () => {
  it('deletes a file, or a whole tree, removing links without following them', () => {
    const base = freshDir('tree');
    makeTree(base, {
      outside: { dir: { target: { size: 5_000, mtimeMs: ago(DAY), atimeMs: ago(DAY) }, tdir: { dir: { t: { size: 10 } } } } },
      cache: { dir: { d: { dir: { a: { size: 3_000 }, sub: { dir: { b: { size: 10 } } } } }, f: { size: 100 } } },
    });
    const outside = path.join(base, 'outside');
    const cache = path.join(base, 'cache');
    fs.symlinkSync(path.join(outside, 'target'), path.join(cache, 'd', 'to-file'));
    fs.symlinkSync(path.join(outside, 'tdir'), path.join(cache, 'd', 'sub', 'to-dir'));
    fs.symlinkSync(path.join(outside, 'tdir'), path.join(cache, 'top-link'));
    const before = snapshot(outside);
    const root = open(cache);
    const entries = ['d', 'f', 'top-link'].map((name) => entry(cache, name));
    const fds = fdCount();
    for (const e of entries) removeEntry(root, e);
    expect(fdCount()).toBe(fds);
    expect(fs.readdirSync(cache)).toEqual([]);
    expect(snapshot(outside)).toEqual(before); // targets intact, not even read
  });

  it('deletes names that are not UTF-8, files and directories alike', () => {
    const cache = freshDir('bytes');
    fs.mkdirSync(path.join(cache, 'd'));
    const odd = (p: Buffer, bytes: number[]): Buffer => Buffer.concat([p, Buffer.from('/'), Buffer.from(bytes)]);
    const d = Buffer.from(path.join(cache, 'd'));
    fs.writeFileSync(odd(d, [0xff, 0xfe]), 'x');
    fs.mkdirSync(odd(d, [0x80, 0x2e]));
    fs.writeFileSync(odd(odd(d, [0x80, 0x2e]), [0xc3]), 'y');
    expect(fs.readdirSync(odd(d, [0x80, 0x2e]), { encoding: 'buffer' })).toEqual([Buffer.from([0xc3])]);
    const e = entry(cache, 'd');
    removeEntry(open(cache), e);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  it('refuses an entry that is no longer the inode scanned, removing nothing', () => {
    const cache = freshDir('replaced');
    makeTree(cache, { f: { size: 10 }, d: { dir: { a: { size: 10 } } } });
    const f = entry(cache, 'f');
    const d = entry(cache, 'd');
    fs.renameSync(path.join(cache, 'f'), path.join(cache, 'f.old'));
    writeFile(path.join(cache, 'f'), 10);
    fs.renameSync(path.join(cache, 'd'), path.join(cache, 'd.old'));
    makeTree(cache, { d: { dir: { a: { size: 10 } } } });
    const root = open(cache);
    expect(() => removeEntry(root, f)).toThrow(/^f was replaced since the re-check \(another inode\): not removed$/);
    expect(() => removeEntry(root, f, { lease: true })).toThrow(/^f was replaced since the re-check \(another inode\): not removed$/);
    expect(() => removeEntry(root, d)).toThrow(/^d was replaced since the re-check/);
    expect(fs.readdirSync(cache).sort()).toEqual(['d', 'd.old', 'f', 'f.old']);
    expect(fs.existsSync(path.join(cache, 'd', 'a'))).toBe(true);
  });

  it('under a lease too, a file replaced by a symbolic link or gone is not removed, and nothing it points to', () => {
    const cache = freshDir('leased-replaced');
    makeTree(cache, { f: { size: 10 }, g: { size: 10 }, target: { size: 10 } });
    const f = entry(cache, 'f');
    const g = entry(cache, 'g');
    fs.rmSync(path.join(cache, 'f'));
    fs.symlinkSync('target', path.join(cache, 'f'));
    fs.rmSync(path.join(cache, 'g'));
    const root = open(cache);
    expect(() => removeEntry(root, f, { lease: true })).toThrow(/^f was replaced since the re-check \(another inode\): not removed$/);
    expect(() => removeEntry(root, g, { lease: true })).toThrow(/^g vanished since the re-check$/);
    expect(fs.readdirSync(cache).sort()).toEqual(['f', 'target']);
    expect(fs.readFileSync(path.join(cache, 'target')).length).toBe(10);
  });

  it('a subdirectory swapped for a symbolic link before the walk reaches it is removed as a link; its target is not touched', () => {
    const base = freshDir('swapped-before');
    makeTree(base, { outside: { dir: { a: { size: 10 }, b: { size: 10 } } }, cache: { dir: { d: { dir: { sub: { dir: { a: { size: 10 }, b: { size: 10 } } } } } } } });
    const cache = path.join(base, 'cache');
    const e = entry(cache, 'd');
    fs.rmSync(path.join(cache, 'd', 'sub'), { recursive: true });
    fs.symlinkSync(path.join(base, 'outside'), path.join(cache, 'd', 'sub'));
    removeEntry(open(cache), e);
    expect(fs.readdirSync(cache)).toEqual([]);
    expect(fs.readdirSync(path.join(base, 'outside')).sort()).toEqual(['a', 'b']);
  });

  it('never crosses into a filesystem mounted inside the tree, and removes nothing of it', () => {
    const cache = freshDir('mounted');
    makeTree(cache, { d: { dir: { a: { size: 1_000 }, mnt: { dir: {} }, z: { size: 1_000 } } } });
    const e = entry(cache, 'd');
    const inner = mountTmpfs({ sizeMb: 4, at: path.join(cache, 'd', 'mnt') });
    try {
      writeFile(path.join(inner.dir, 'precious'), 10_000);
      const before = snapshot(path.join(cache, 'd'));
      const root = open(cache);
      expect(() => removeEntry(root, e)).toThrow(/^d contains a mount point \(d\/mnt\); not removed$/);
      expect(snapshot(path.join(cache, 'd'))).toEqual(before);
      // met by the walk, when the mount table is not read first: the walk stops at the mount, by its mount id
      const fds = fdCount();
      expect(() => removeEntry(root, e, { mountTable: false })).toThrow(/^d\/mnt is a mount point \(mount \d+, device \d+; the cache is on mount \d+, device \d+\): not entered, nothing deleted through it$/);
      expect(fdCount()).toBe(fds);
      expect(fs.readdirSync(inner.dir)).toEqual(['precious']);
    } finally {
      inner.unmount();
    }
  });

  it('never deletes through a bind mount of the same filesystem (same st_dev), even one the mount table did not show', () => {
    const base = freshDir('bind');
    makeTree(base, {
      elsewhere: { dir: { precious: { size: 10_000 } } },
      cache: { dir: { d: { dir: { a: { size: 1_000 }, 'bound dir': { dir: {} } } } } },
    });
    const cache = path.join(base, 'cache');
    const bound = path.join(cache, 'd', 'bound dir'); // a space: escaped as \040 in the mount table
    const e = entry(cache, 'd');
    execFileSync('mount', ['--bind', path.join(base, 'elsewhere'), bound]);
    try {
      expect(fs.statSync(bound).dev).toBe(tmp.fsys.dev);
      const root = open(cache);
      expect(() => removeEntry(root, e)).toThrow(/mount point/);
      expect(fs.existsSync(path.join(cache, 'd', 'a'))).toBe(true);
      expect(() => removeEntry(root, e, { mountTable: false })).toThrow(/^d\/bound dir is a mount point \(mount \d+, device (\d+); the cache is on mount \d+, device \1\)/);
      expect(fs.existsSync(path.join(base, 'elsewhere', 'precious'))).toBe(true);
    } finally {
      execFileSync('umount', [bound]);
    }
  });

  it('removes a tree deeper than the descriptors it keeps open, under a descriptor limit lower than its depth', () => {
    expect(MAX_OPEN_DIRS).toBeLessThan(100);
    const cache = freshDir('deep');
    const depth = 400;
    let p = path.join(cache, 'd');
    fs.mkdirSync(p);
    for (let i = 0; i < depth; i++) {
      fs.writeFileSync(path.join(p, 'f'), 'x');
      p = path.join(p, 's');
      fs.mkdirSync(p);
    }
    // the built code in a child process with at most 200 descriptors (node itself holds a few dozen)
    const script = `
      const { openRoot } = await import(${JSON.stringify(`${REPO}/dist/apply/root.js`)});
      const { removeEntry } = await import(${JSON.stringify(`${REPO}/dist/apply/remove.js`)});
      const { scan } = await import(${JSON.stringify(`${REPO}/dist/scan/scan.js`)});
      const e = scan(process.argv[1]).entries[0];
      removeEntry(openRoot(process.argv[1]), e);
      console.log('removed');`;
    const r = spawnSync('prlimit', ['--nofile=200:200', process.execPath, '--input-type=module', '-e', script, cache], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('removed');
    expect(fs.readdirSync(cache)).toEqual([]);
  });
});

describe('rootChanged', () => {
  it('is null while the path names the handle; says so when it was replaced or mounted over', () => {
    const base = freshDir('root');
    fs.mkdirSync(path.join(base, 'cache'));
    const root = open(path.join(base, 'cache'));
    expect(rootChanged(root)).toBeNull();
    execFileSync('mount', ['--bind', path.join(base, 'cache'), path.join(base, 'cache')]);
    try {
      expect(rootChanged(root)).toMatch(/^something was mounted on the cache root .* since it was scanned/);
    } finally {
      execFileSync('umount', [path.join(base, 'cache')]);
    }
    fs.renameSync(path.join(base, 'cache'), path.join(base, 'old'));
    fs.mkdirSync(path.join(base, 'cache'));
    expect(rootChanged(root)).toMatch(/was replaced since it was scanned/);
  });
});
