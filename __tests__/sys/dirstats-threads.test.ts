/**
 * readDirStats splits a large directory's lstats over threads, and readDirsStats reads several directories on threads
 * (native/parallel.c). The scan feeds deletion decisions: whatever the thread count, the result must be the one a
 * single thread gives, byte for byte, and each row what fs.lstatSync says, failures (ENAMETOOLONG past PATH_MAX,
 * EACCES, ENOENT for a name gone since readdir) included. The third argument caps the threads (1: none), so that
 * the split runs whatever this machine's CPU count. Directories here have several thousand names: a directory is
 * split from 2,048 (listing.h).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sys from '../../src/sys/native.js';
import { tempDir } from '../helpers/cache.js';

const { O_RDONLY, O_RDWR, O_CREAT, O_DIRECTORY, DT_DIR, DT_REG, DT_LNK, DT_FIFO } = sys.constants;
const { ENAMETOOLONG, EACCES, ENOENT } = os.constants.errno;
const THREADS = [1, 2, 3, 4, 8, 0];

let base: string;
beforeAll(() => {
  base = tempDir('cachesweep-dirstats-');
  fs.chmodSync(base, 0o755);
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

let n = 0;
const dir = (): string => {
  const d = path.join(base, `${++n}`);
  fs.mkdirSync(d, 0o755);
  return d;
};

/** A listing as plain arrays (the addon's typed arrays are of another realm than jest's). */
const plain = (r: sys.DirStats): { names: string; stats: number[]; errs: number[] } => ({ names: r.names.toString('hex'), stats: [...r.stats], errs: [...r.errs] });
const namesOf = (r: sys.DirStats): Buffer[] => {
  const out: Buffer[] = [];
  for (let s = 0, e = r.names.indexOf(0); e >= 0; s = e + 1, e = r.names.indexOf(0, s)) out.push(r.names.subarray(s, e));
  return out;
};
const row = (r: sys.DirStats, i: number): Record<string, number> =>
  Object.fromEntries(Object.entries(sys.STAT).filter(([k]) => k !== 'fields').map(([k, o]) => [k, r.stats[i * sys.STAT.fields + o]!]));

/** Every name's row against fs.lstatSync of its path: all fields, d_type too. */
function expectLstatRows(d: string, r: sys.DirStats): void {
  namesOf(r).forEach((name, i) => {
    const st = fs.lstatSync(Buffer.concat([Buffer.from(`${d}/`), name]));
    const { dtype, ...got } = row(r, i);
    expect(r.errs[i]).toBe(0);
    expect(got).toEqual({ mode: st.mode, size: st.size, blocks: st.blocks, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev, nlink: st.nlink });
    expect(dtype).toBe(st.isDirectory() ? DT_DIR : st.isSymbolicLink() ? DT_LNK : st.isFIFO() ? DT_FIFO : DT_REG);
  });
}

/** `count` names of every kind: files of varied sizes and times, directories, links (dangling too), hard links, a fifo, raw bytes. */
function fill(d: string, count: number): void {
  let lastFile: string | undefined;
  for (let i = 0; i < count; i++) {
    const raw = i % 97 === 5;
    const name = Buffer.concat([Buffer.from(`${d}/`), raw ? Buffer.from([0xff, 0xfe, i & 0x7f, 0x61 + (i % 26)]) : Buffer.from(`n${i.toString(36)}`)]);
    const p = raw ? name : name.toString();
    if (i % 11 === 3) fs.mkdirSync(p);
    else if (i % 13 === 4) fs.symlinkSync(i % 2 ? '/nowhere' : '.', p);
    else if (i % 17 === 6 && lastFile !== undefined) fs.linkSync(lastFile, p);
    else {
      fs.writeFileSync(p, Buffer.alloc(i % 5000, 1));
      fs.utimesSync(p, 1e9 + i * 0.001, -1e8 + i * 1.5);
      if (!raw) lastFile = p as string;
    }
  }
  if (spawnSync('mkfifo', [path.join(d, 'fifo')]).status !== 0) throw new Error('mkfifo failed');
}

describe('readDirStats on threads', () => {
  test('several thousand names of every kind: the same bytes on 1 to 8 threads, each row what lstatSync says', () => {
    const d = dir();
    fill(d, 6000);
    const one = sys.readDirStats(d, true, 1);
    expect(one.errs.length).toBe(6001);
    expect(namesOf(one).map((x) => x.toString('latin1'))).toEqual(fs.readdirSync(d, { encoding: 'buffer' }).map((x) => x.toString('latin1')));
    expectLstatRows(d, one);
    for (const t of THREADS) expect(plain(sys.readDirStats(d, true, t))).toEqual(plain(one));
  });

  test('around the split (2,047 to 2,049 names, 1,024 a thread) and far from it: the same on any number of threads', () => {
    for (const count of [0, 1, 1023, 2047, 2048, 2049, 4097]) {
      const d = dir();
      for (let i = 0; i < count; i++) fs.writeFileSync(path.join(d, `f${i}`), Buffer.alloc(i % 3000));
      const one = plain(sys.readDirStats(d, true, 1));
      expect(one.errs).toHaveLength(count);
      for (const t of THREADS) expect(plain(sys.readDirStats(d, true, t))).toEqual(one);
    }
  });

  test('past PATH_MAX: ENAMETOOLONG for exactly the names whose path is too long, on every thread, as lstat says', () => {
    let deep = dir();
    while (deep.length < 3900) {
      deep = path.join(deep, 'x'.repeat(Math.min(200, 3900 - deep.length - 1)));
      fs.mkdirSync(deep);
    }
    const fit = 4095 - deep.length - 1; // the longest name whose path `deep/name` lstat takes
    const dfd = sys.openat(sys.AT_FDCWD, deep, O_RDONLY | O_DIRECTORY);
    const made: string[] = [];
    try {
      for (let i = 0; i < 4000; i++) {
        const len = fit - 2 + (i % 5); // lengths fit-2 .. fit+2: three fit, two do not
        const name = `${i}`.padEnd(len, 'q');
        sys.close(sys.openat(dfd, name, O_CREAT | O_RDWR, 0o644)); // relative to the directory: its path may be too long
        made.push(name);
      }
      const one = sys.readDirStats(deep, true, 1);
      const names = namesOf(one).map((x) => x.toString());
      expect(names).toEqual([...made].sort());
      names.forEach((name, i) => {
        const p = path.join(deep, name);
        if (name.length > fit) {
          expect(one.errs[i]).toBe(ENAMETOOLONG);
          expect(row(one, i)).toEqual({ mode: 0, size: 0, blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, dev: 0, nlink: 0, dtype: DT_REG });
          expect(() => fs.lstatSync(p)).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
        } else {
          expect(one.errs[i]).toBe(0);
          expect(row(one, i).ino).toBe(fs.lstatSync(p).ino);
        }
      });
      expect([...one.errs].filter((e) => e === ENAMETOOLONG)).toHaveLength(1600);
      for (const t of THREADS) expect(plain(sys.readDirStats(deep, true, t))).toEqual(plain(one));
    } finally {
      for (const name of made) sys.unlinkat(dfd, name); // fs.rmSync could not (their paths are too long)
      sys.close(dfd);
    }
  });

  test('a directory nobody may search: every name EACCES on every thread, as lstat says', () => {
    const d = dir();
    for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(d, `f${i}`), '');
    fs.chmodSync(d, 0o744);
    process.seteuid!(65534);
    try {
      expect(() => fs.lstatSync(path.join(d, 'f1'))).toThrow(expect.objectContaining({ code: 'EACCES' }));
      const one = plain(sys.readDirStats(d, true, 1));
      expect(one.errs).toEqual(Array(3000).fill(EACCES));
      for (const t of THREADS) expect(plain(sys.readDirStats(d, true, t))).toEqual(one);
    } finally {
      process.seteuid!(0);
    }
  });

  test('names removed while the threads stat them: each row is its lstat or ENOENT with zeros, never anything else', async () => {
    const d = dir();
    for (let i = 0; i < 20_000; i++) fs.writeFileSync(path.join(d, `f${i}`), 'x');
    const deleter = spawn('rm', ['-rf', d]);
    const done = new Promise((r) => deleter.on('exit', r));
    let lists = 0;
    for (; lists < 500 && fs.existsSync(d); lists++) {
      let r: sys.DirStats;
      try {
        r = sys.readDirStats(d, true, 4);
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOENT'); // the directory itself went
        continue;
      }
      for (let i = 0; i < r.errs.length; i++) {
        const { dtype, ...rest } = row(r, i);
        expect(dtype).toBe(DT_REG);
        if (r.errs[i] === ENOENT) {
          expect(Object.values(rest)).toEqual(Array(9).fill(0));
        } else {
          expect([r.errs[i], rest['mode']! & 0o170000, rest['size'], rest['nlink']]).toEqual([0, 0o100000, 1, 1]);
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(lists).toBeGreaterThan(0); // how many names vanished mid-listing (`vanished`) is a race's: not required
  });
});

describe('readDirsStats', () => {
  test("each directory's result is readDirStats' own, or the error it throws, in the order asked, on any number of threads", () => {
    const d = dir();
    const big = path.join(d, 'big');
    fs.mkdirSync(big);
    fill(big, 3000);
    fs.mkdirSync(path.join(d, 'empty'));
    fs.mkdirSync(path.join(d, 'small'));
    for (let i = 0; i < 15; i++) fs.writeFileSync(path.join(d, 'small', `${i}-a`), Buffer.alloc(i * 100));
    fs.mkdirSync(path.join(d, 'shut'), 0o311); // searchable, not readable: EACCES to open as nobody
    fs.writeFileSync(path.join(d, 'shut', 'f'), '');
    fs.mkdirSync(path.join(d, 'closed'), 0o700); // its names cannot be stat'ed by nobody: it is not searchable
    fs.writeFileSync(path.join(d, 'closed', 'f'), '');
    fs.symlinkSync('small', path.join(d, 'link'));
    fs.writeFileSync(path.join(d, 'file'), '');
    const raw = Buffer.concat([Buffer.from(`${d}/`), Buffer.from([0xff, 0x61])]);
    fs.mkdirSync(raw);
    fs.writeFileSync(Buffer.concat([raw, Buffer.from('/x')]), 'y');
    const paths: sys.Name[] = ['big', 'empty', 'missing', 'small', 'shut', 'closed', 'link', 'file', 'small/0-a/x'].map((x) => path.join(d, x));
    paths.push(raw, path.join(d, 'small'));
    const one = (p: sys.Name): unknown => {
      try {
        return plain(sys.readDirStats(p, true, 1));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        return { message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path };
      }
    };
    const batch = (r: sys.DirStats | NodeJS.ErrnoException): unknown =>
      'errs' in r ? plain(r) : { message: r.message, code: r.code, errno: r.errno, syscall: r.syscall, path: r.path };
    for (const nobody of [false, true]) {
      if (nobody) process.seteuid!(65534);
      try {
        const want = paths.map(one);
        expect(want.filter((w) => 'code' in (w as object)).map((w) => (w as { code: string }).code)).toEqual(
          nobody ? ['ENOENT', 'EACCES', 'EACCES', 'ENOTDIR', 'ENOTDIR', 'ENOTDIR'] : ['ENOENT', 'ENOTDIR', 'ENOTDIR', 'ENOTDIR'],
        );
        for (const t of THREADS) expect(sys.readDirsStats(paths, true, t).map(batch)).toEqual(want);
        expect(sys.readDirsStats([], true)).toEqual([]);
      } finally {
        if (nobody) process.seteuid!(0);
      }
    }
    expect(sys.readDirsStats([path.join(d, 'link')], false).map(batch)).toEqual([one(path.join(d, 'small'))]);
  });
});
