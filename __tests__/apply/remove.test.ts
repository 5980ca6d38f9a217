import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { removeEntry } from '../../src/apply/remove.js';
import { ago, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { mountTmpfs, tmpfsForFile } from '../helpers/tmpfs.js';

const tmp = tmpfsForFile({ sizeMb: 32, strictatime: true });
const { freshDir } = tmp;

describe('removeEntry', () => {
  it('deletes a file, or a whole tree, removing links without following them', () => {
    const base = freshDir('tree');
    makeTree(base, {
      outside: { dir: { target: { size: 5_000, mtimeMs: ago(DAY), atimeMs: ago(DAY) }, tdir: { dir: { t: { size: 10 } } } } },
      cache: { dir: { d: { dir: { a: { size: 3_000 }, sub: { dir: { b: { size: 10 } } } } }, f: { size: 100 } } },
    });
    const outside = path.join(base, 'outside');
    const d = path.join(base, 'cache', 'd');
    fs.symlinkSync(path.join(outside, 'target'), path.join(d, 'to-file'));
    fs.symlinkSync(path.join(outside, 'tdir'), path.join(d, 'sub', 'to-dir'));
    fs.symlinkSync(path.join(outside, 'tdir'), path.join(base, 'cache', 'top-link'));
    const before = snapshot(outside);

    removeEntry(d, tmp.fsys.dev);
    removeEntry(path.join(base, 'cache', 'f'), tmp.fsys.dev);
    removeEntry(path.join(base, 'cache', 'top-link'), tmp.fsys.dev);
    expect(fs.readdirSync(path.join(base, 'cache'))).toEqual([]);
    expect(snapshot(outside)).toEqual(before); // targets intact, not even read
  });

  it('refuses a node on another device than the one it is told, removing nothing', () => {
    const root = freshDir('otherdev');
    makeTree(root, { d: { dir: { a: { size: 10 } } } });
    const wrongDev = fs.statSync('/').dev;
    expect(wrongDev).not.toBe(tmp.fsys.dev);
    expect(() => removeEntry(path.join(root, 'd'), wrongDev)).toThrow(/another filesystem/);
    expect(fs.existsSync(path.join(root, 'd', 'a'))).toBe(true);
  });

  it('never crosses into a filesystem mounted inside the tree, and removes nothing of it', () => {
    const root = freshDir('mounted');
    makeTree(root, { d: { dir: { a: { size: 1_000 }, mnt: { dir: {} }, z: { size: 1_000 } } } });
    const inner = mountTmpfs({ sizeMb: 4, at: path.join(root, 'd', 'mnt') });
    try {
      writeFile(path.join(inner.dir, 'precious'), 10_000);
      const before = snapshot(path.join(root, 'd'));
      expect(() => removeEntry(path.join(root, 'd'), tmp.fsys.dev)).toThrow(/mount point/);
      expect(snapshot(path.join(root, 'd'))).toEqual(before);
      // the mount itself as the entry
      expect(() => removeEntry(inner.dir, tmp.fsys.dev)).toThrow(/another filesystem|mount point/);
      expect(() => removeEntry(inner.dir, inner.dev)).toThrow(/mount point/);
      expect(fs.existsSync(path.join(inner.dir, 'precious'))).toBe(true);
    } finally {
      inner.unmount();
    }
  });

  it('never deletes through a bind mount of the same filesystem (same st_dev)', () => {
    const base = freshDir('bind');
    makeTree(base, {
      elsewhere: { dir: { precious: { size: 10_000 } } },
      cache: { dir: { d: { dir: { a: { size: 1_000 }, 'bound dir': { dir: {} } } } } },
    });
    const bound = path.join(base, 'cache', 'd', 'bound dir'); // a space: escaped as \040 in the mount table
    execFileSync('mount', ['--bind', path.join(base, 'elsewhere'), bound]);
    try {
      expect(fs.statSync(bound).dev).toBe(tmp.fsys.dev);
      expect(() => removeEntry(path.join(base, 'cache', 'd'), tmp.fsys.dev)).toThrow(/mount point/);
      expect(fs.existsSync(path.join(base, 'elsewhere', 'precious'))).toBe(true);
      expect(fs.existsSync(path.join(base, 'cache', 'd', 'a'))).toBe(true);
    } finally {
      execFileSync('umount', [bound]);
    }
  });
});
