import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import type { Entry, ScanResult } from '../../src/shared/types.js';
import { ago, allocatedUnder, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { DAY, HOUR } from '../helpers/units.js';
import { mountTmpfs, tmpfsForFile } from '../helpers/tmpfs.js';

// Every test runs on a real tmpfs mounted with strictatime: reading any file would update its atime.
const tmp = tmpfsForFile({ sizeMb: 64, strictatime: true });
const { freshDir } = tmp;

function entry(r: ScanResult, name: string): Entry {
  const e = r.entries.find((x) => x.name === name);
  if (!e) throw new Error(`no entry ${name} in ${r.entries.map((x) => x.name).join(', ')}`);
  return e;
}

const blocksOf = (p: string): number => fs.lstatSync(p).blocks * 512;

describe('scan: entries', () => {
  it('makes one entry per direct child; a directory sums its files and takes the newest file times', () => {
    const root = freshDir('dir-entry');
    const now = Date.now();
    makeTree(root, {
      d: {
        // the directory's own times are ignored for atime (listing it changes it) and older than its files here
        atimeMs: ago(HOUR, now),
        mtimeMs: ago(9 * DAY, now),
        dir: {
          a: { size: 10_000, mtimeMs: ago(5 * DAY, now), atimeMs: ago(4 * DAY, now) },
          sub: {
            mtimeMs: ago(9 * DAY, now),
            atimeMs: ago(HOUR, now),
            dir: { b: { size: 3_000, mtimeMs: ago(2 * DAY, now), atimeMs: ago(3 * DAY, now) } },
          },
        },
      },
      f: { size: 5_000, mtimeMs: ago(7 * DAY, now), atimeMs: ago(6 * DAY, now) },
    });
    const r = scan(root);
    expect(r.root).toBe(root);
    expect(r.layout).toBe('generic');
    expect(r.entries.map((e) => e.name).sort()).toEqual(['d', 'f']);

    const d = entry(r, 'd');
    expect(d.kind).toBe('dir');
    expect(d.unknown).toBe(false);
    expect(d.apparentBytes).toBe(13_000);
    expect(d.bytes).toBe(allocatedUnder(path.join(root, 'd')));
    expect(d.bytes).toBe(blocksOf(path.join(root, 'd', 'a')) + blocksOf(path.join(root, 'd', 'sub', 'b')));
    expect(d.bytes).toBeGreaterThanOrEqual(13_000); // real data, really allocated
    expect(d.allocatedBytes).toBe(d.bytes);
    expect(d.mtimeMs).toBe(ago(2 * DAY, now)); // newest mtime: b
    expect(d.atimeMs).toBe(ago(3 * DAY, now)); // newest atime of the files: b (not the directories' 1h)
    expect(d.fingerprint.nodes).toBe(4); // d, a, sub, b

    const f = entry(r, 'f');
    expect(f.kind).toBe('file');
    expect(f.apparentBytes).toBe(5_000);
    expect(f.bytes).toBe(blocksOf(path.join(root, 'f')));
    expect(f.mtimeMs).toBe(ago(7 * DAY, now));
    expect(f.atimeMs).toBe(ago(6 * DAY, now));

    expect(r.cacheBytes).toBe(d.bytes + f.bytes);
    expect(r.warnings).toEqual([]);
  });

  it('counts allocated blocks as bytes and the file length as apparentBytes (a sparse file frees little)', () => {
    const root = freshDir('sparse');
    const big = 16 * 1024 * 1024;
    const sparse = path.join(root, 'sparse.img');
    const fd = fs.openSync(sparse, 'w');
    fs.ftruncateSync(fd, big);
    fs.writeSync(fd, Buffer.alloc(4096, 1), 0, 4096, 0);
    fs.closeSync(fd);
    fs.mkdirSync(path.join(root, 'd'));
    fs.copyFileSync(sparse, path.join(root, 'd', 'copy.img'), 0);
    const copy = path.join(root, 'd', 'copy.img');
    fs.truncateSync(copy, 0);
    fs.truncateSync(copy, big); // a hole only: no block at all
    writeFile(path.join(root, 'dense'), 64 * 1024);

    const r = scan(root);
    const s = entry(r, 'sparse.img');
    expect(s.apparentBytes).toBe(big);
    expect(s.bytes).toBe(blocksOf(sparse));
    expect(s.bytes).toBeGreaterThanOrEqual(4096);
    expect(s.bytes).toBeLessThan(64 * 1024);
    const d = entry(r, 'd');
    expect(d.apparentBytes).toBe(big);
    expect(d.bytes).toBe(allocatedUnder(path.join(root, 'd')));
    expect(d.bytes).toBeLessThan(64 * 1024);
    const dense = entry(r, 'dense');
    expect(dense.apparentBytes).toBe(64 * 1024);
    expect(dense.bytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(r.cacheBytes).toBe(s.bytes + d.bytes + dense.bytes);
  });

  it('counts a hard-linked inode once; entries sharing one form a group, and an inode with a link outside frees nothing', () => {
    const base = freshDir('links');
    const root = path.join(base, 'cache');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    // x and y: two entries, one inode
    writeFile(path.join(root, 'x'), 20_000);
    fs.linkSync(path.join(root, 'x'), path.join(root, 'y'));
    // d/p and d/q: both links inside one entry; d/r: its other link lives outside the root
    fs.mkdirSync(path.join(root, 'd'));
    writeFile(path.join(root, 'd', 'p'), 30_000);
    fs.linkSync(path.join(root, 'd', 'p'), path.join(root, 'd', 'q'));
    writeFile(path.join(root, 'd', 'r'), 40_000);
    fs.linkSync(path.join(root, 'd', 'r'), path.join(outside, 'r-link'));
    // o: a single file whose other link is outside
    writeFile(path.join(root, 'o'), 50_000);
    fs.linkSync(path.join(root, 'o'), path.join(outside, 'o-link'));
    writeFile(path.join(root, 'z'), 6_000);

    const bx = blocksOf(path.join(root, 'x'));
    const bp = blocksOf(path.join(root, 'd', 'p'));
    const br = blocksOf(path.join(root, 'd', 'r'));
    const bo = blocksOf(path.join(root, 'o'));
    const bz = blocksOf(path.join(root, 'z'));
    expect(Math.min(bx, bp, br, bo, bz)).toBeGreaterThan(0);

    const r = scan(root);
    // x and y share one inode whose every link is in the cache: each holds it, and the two form a hard-link group
    // that frees it once, when both go (issue 12: both used to show 0 B, and a plan evicted everything for nothing)
    expect(entry(r, 'x').bytes).toBe(bx);
    expect(entry(r, 'y').bytes).toBe(bx);
    expect(entry(r, 'x').link).toEqual({ group: 0, privateBytes: 0 });
    expect(entry(r, 'y').link).toEqual({ group: 0, privateBytes: 0 });
    expect(r.linkGroups).toEqual([{ members: ['x', 'y'], inodes: [{ bytes: bx, holders: ['x', 'y'] }] }]);
    expect(entry(r, 'd').link).toBeUndefined();
    expect(entry(r, 'x').allocatedBytes).toBe(bx);
    expect(entry(r, 'o').bytes).toBe(0);
    expect(entry(r, 'o').allocatedBytes).toBe(bo);
    expect(entry(r, 'o').apparentBytes).toBe(50_000);
    const d = entry(r, 'd');
    expect(d.bytes).toBe(bp); // p/q freed together; r stays alive through r-link
    expect(d.allocatedBytes).toBe(bp + br);
    expect(d.apparentBytes).toBe(30_000 * 2 + 40_000);
    expect(entry(r, 'z').bytes).toBe(bz);
    // each inode once: x=y, p=q, r, o, z
    expect(r.cacheBytes).toBe(bx + bp + br + bo + bz);
  });

  it('keeps a symlink entry unknown and never follows it', () => {
    const base = freshDir('symlinks');
    const root = path.join(base, 'cache');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
    makeTree(outside, {
      target: { size: 200_000, mtimeMs: ago(10 * DAY), atimeMs: ago(10 * DAY) },
      tdir: { dir: { inner: { size: 100_000, mtimeMs: ago(10 * DAY), atimeMs: ago(10 * DAY) } }, mtimeMs: ago(10 * DAY) },
    });
    fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'l'));
    fs.symlinkSync('../outside/tdir', path.join(root, 'dl'));
    fs.symlinkSync('/nonexistent/dangling', path.join(root, 'dangling'));
    const before = snapshot(outside);

    const r = scan(root);
    for (const name of ['l', 'dl', 'dangling']) {
      const e = entry(r, name);
      const st = fs.lstatSync(path.join(root, name));
      expect(e.kind).toBe('symlink');
      expect(e.class).toBe('symlink');
      expect(e.unknown).toBe(true);
      expect(e.unknownWhy).toMatch(/symlink/);
      expect(e.apparentBytes).toBe(st.size); // the link text, not the target
      expect(e.bytes).toBe(st.blocks * 512);
      expect(e.fingerprint.nodes).toBe(1);
      expect(e.fingerprint.ino).toBe(st.ino);
    }
    expect(entry(r, 'l').bytes).toBeLessThan(200_000);
    expect(entry(r, 'dl').bytes).toBeLessThan(100_000);
    expect(r.cacheBytes).toBeLessThan(100_000);
    expect(snapshot(outside)).toEqual(before); // atimes included: nothing behind the links was read
  });
});

describe('scan: atime (tmpfs mounted with strictatime)', () => {
  it('this mount really records reads, so the next test would see one', () => {
    const root = freshDir('control');
    const p = path.join(root, 'f');
    writeFile(p, 10_000, { mtimeMs: ago(3 * DAY), atimeMs: ago(2 * DAY) });
    const before = fs.lstatSync(p).atimeMs;
    fs.readFileSync(p);
    expect(fs.lstatSync(p).atimeMs).toBeGreaterThan(before);
  });

  it('scanning does not change the atime (or anything else) of any file', () => {
    const root = freshDir('atime');
    const now = Date.now();
    makeTree(root, {
      a: { size: 50_000, mtimeMs: ago(3 * DAY, now), atimeMs: ago(2 * DAY, now) },
      'b.part': { size: 1_000, mtimeMs: ago(3 * DAY, now), atimeMs: ago(2 * DAY, now) },
      d: {
        mtimeMs: ago(3 * DAY, now),
        dir: {
          x: { size: 70_000, mtimeMs: ago(5 * DAY, now), atimeMs: ago(4 * DAY, now) },
          deep: { mtimeMs: ago(3 * DAY, now), dir: { y: { size: 1, mtimeMs: ago(5 * DAY, now), atimeMs: ago(5 * DAY, now) } } },
        },
      },
    });
    fs.symlinkSync('a', path.join(root, 'link-to-a'));
    const before = snapshot(root);
    const r = scan(root);
    scan(root); // twice: the first scan must not have changed what the second sees
    const after = snapshot(root);
    expect(after).toEqual(before);
    expect(entry(r, 'a').atimeMs).toBe(ago(2 * DAY, now));
    expect(entry(r, 'd').atimeMs).toBe(ago(4 * DAY, now));
  });
});

describe('scan: mount points below the root', () => {
  it('does not enter a filesystem mounted inside a directory entry and keeps that entry unknown', () => {
    const root = freshDir('mounts');
    makeTree(root, {
      d: { dir: { own: { size: 8_000 }, mnt: { dir: {} } } },
      m: { dir: {} },
      plain: { size: 4_000 },
    });
    const inner = mountTmpfs({ sizeMb: 8, strictatime: true, at: path.join(root, 'd', 'mnt') });
    const top = mountTmpfs({ sizeMb: 8, at: path.join(root, 'm') });
    try {
      writeFile(path.join(inner.dir, 'big'), 2 * 1024 * 1024, { mtimeMs: ago(DAY), atimeMs: ago(DAY) });
      fs.mkdirSync(path.join(inner.dir, 'sub'));
      writeFile(path.join(top.dir, 'big2'), 1024 * 1024);
      const innerBefore = snapshot(inner.dir);

      const r = scan(root);
      const d = entry(r, 'd');
      expect(d.unknown).toBe(true);
      expect(d.unknownWhy).toMatch(/mount point/);
      expect(d.unknownWhy).toMatch(/mnt/);
      expect(d.apparentBytes).toBe(8_000); // nothing below the mount counted
      expect(d.bytes).toBe(blocksOf(path.join(root, 'd', 'own')));
      expect(d.fingerprint.nodes).toBe(2); // d and own: the mount point itself is not walked
      const m = entry(r, 'm');
      expect(m.unknown).toBe(true);
      expect(m.unknownWhy).toMatch(/mount point/);
      expect(m.bytes).toBe(0);
      expect(entry(r, 'plain').unknown).toBe(false);
      expect(r.cacheBytes).toBeLessThan(1024 * 1024);
      expect(snapshot(inner.dir)).toEqual(innerBefore);
    } finally {
      inner.unmount();
      top.unmount();
    }
  });

  it('does not enter a bind mount of the same filesystem inside an entry (same st_dev)', () => {
    const base = freshDir('bind');
    const root = path.join(base, 'cache');
    const elsewhere = path.join(base, 'elsewhere');
    makeTree(base, {
      cache: { dir: { d: { dir: { own: { size: 8_000 }, bound: { dir: {} } } }, plain: { size: 4_000 } } },
      elsewhere: { dir: { precious: { size: 300_000 } } },
    });
    const bound = path.join(root, 'd', 'bound');
    execFileSync('mount', ['--bind', elsewhere, bound]);
    try {
      expect(fs.statSync(bound).dev).toBe(fs.statSync(root).dev); // st_dev alone cannot tell
      const r = scan(root);
      const d = entry(r, 'd');
      expect(d.unknown).toBe(true);
      expect(d.unknownWhy).toMatch(/mount point/);
      expect(d.apparentBytes).toBe(8_000);
    } finally {
      execFileSync('umount', [bound]);
    }
  });
});
