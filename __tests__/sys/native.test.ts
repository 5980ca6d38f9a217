import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as sys from '../../src/sys/native.js';
import { tempDir } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';

const ADDON = path.join(REPO, 'build/Release/cachesweep_sys.node');
const { O_RDONLY, O_RDWR, O_DIRECTORY, O_NOFOLLOW, O_CREAT, O_PATH, DT_DIR, DT_REG, DT_LNK, RENAME_EXCHANGE, RENAME_NOREPLACE } = sys.constants;

let base: string;
const open: number[] = [];
const children: ChildProcess[] = [];
beforeAll(() => {
  base = tempDir('cachesweep-sys-');
});
afterEach(() => {
  for (const fd of open.splice(0)) fs.closeSync(fd);
  for (const c of children.splice(0)) c.kill('SIGKILL');
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

let n = 0;
function dir(): string {
  const d = path.join(base, `${++n}`);
  fs.mkdirSync(d);
  return d;
}
function openat(dirFd: number, name: string | Buffer, flags: number, mode?: number): number {
  const fd = sys.openat(dirFd, name, flags, mode);
  open.push(fd);
  return fd;
}

/** A child process that prints one line once it holds what it was told to, then waits until killed. */
async function holder(cmd: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code} before it was ready: ${err}`)));
  });
  return child;
}
const exited = (c: ChildProcess): Promise<void> => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));

/** Nova's lock as oslo.concurrency takes it: a classic POSIX lock, fcntl.lockf. */
const pythonLockf = (file: string): Promise<ChildProcess> =>
  holder('python3', ['-c', `import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(600)`, file]);

/** Another node process holding an OFD lock through the addon. */
const nodeOfdLock = (file: string): Promise<ChildProcess> =>
  holder(process.execPath, [
    '-e',
    `const s=require(process.argv[1]);const fd=s.openat(-100,process.argv[2],s.constants.O_RDWR);s.lock(fd,true,false,true);console.log('locked');setInterval(()=>{},1e6)`,
    ADDON,
    file,
  ]);

describe('openat, fstat, fstatat', () => {
  it('give what fs.lstatSync gives (dev and ino compare equal to what the scanner records)', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'f'), Buffer.alloc(12_345, 1));
    fs.utimesSync(path.join(d, 'f'), new Date(1_700_000_000_123), new Date(1_700_000_100_456));
    fs.symlinkSync('f', path.join(d, 'l'));
    const dfd = openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    const fields = ['dev', 'ino', 'mode', 'nlink', 'uid', 'gid', 'size', 'blocks', 'atimeMs', 'mtimeMs', 'ctimeMs'] as const;
    const pick = (st: fs.Stats | sys.SysStat) => Object.fromEntries(fields.map((k) => [k, st[k]]));
    expect(pick(sys.fstat(dfd))).toEqual(pick(fs.lstatSync(d)));
    expect(pick(sys.fstatat(dfd, 'f'))).toEqual(pick(fs.lstatSync(path.join(d, 'f'))));
    expect(pick(sys.fstatat(dfd, 'l'))).toEqual(pick(fs.lstatSync(path.join(d, 'l'))));
    expect(pick(sys.fstatat(dfd, 'l', false))).toEqual(pick(fs.statSync(path.join(d, 'l'))));
    const ffd = openat(dfd, 'f', O_RDONLY | O_NOFOLLOW);
    expect(pick(sys.fstat(ffd))).toEqual(pick(fs.lstatSync(path.join(d, 'f'))));
    expect(sys.isFileMode(sys.fstat(ffd).mode) && sys.isDirMode(sys.fstat(dfd).mode) && sys.isLinkMode(sys.fstatat(dfd, 'l').mode)).toBe(true);
  });

  it('never follow a symbolic link with O_NOFOLLOW, and throw errors with the errno name, syscall and name', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'sub'));
    fs.writeFileSync(path.join(d, 'file'), 'x');
    fs.symlinkSync(path.join(d, 'sub'), path.join(d, 'link'));
    const dfd = openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
    expect(() => sys.openat(dfd, 'link', O_RDONLY | O_NOFOLLOW)).toThrow(expect.objectContaining({ code: 'ELOOP', syscall: 'openat', path: 'link', errno: -40 }));
    // a directory expected and a link or a file found: the kernel says ENOTDIR
    expect(() => sys.openat(dfd, 'link', O_RDONLY | O_DIRECTORY | O_NOFOLLOW)).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => sys.openat(dfd, 'file', O_RDONLY | O_DIRECTORY | O_NOFOLLOW)).toThrow(/^ENOTDIR: not a directory, openat 'file'$/);
    expect(() => sys.openat(dfd, 'none', O_RDONLY)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => sys.openat(dfd, Buffer.from('a\0b'), O_RDONLY)).toThrow(/NUL/);
    // the link itself can be opened as a handle that follows nothing
    const lfd = openat(dfd, 'link', O_PATH | O_NOFOLLOW);
    expect(sys.isLinkMode(sys.fstat(lfd).mode)).toBe(true);
    const fd = sys.openat(dfd, 'file', O_RDONLY);
    sys.close(fd);
    expect(() => sys.close(fd)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'close' }));
  });

  it('create a file with O_CREAT and the mode given', () => {
    const d = dir();
    const fd = openat(sys.AT_FDCWD, path.join(d, 'new'), O_RDWR | O_CREAT, 0o640);
    expect(fs.lstatSync(path.join(d, 'new')).mode & 0o777).toBe(0o640 & ~process.umask());
    expect(sys.fstat(fd).ino).toBe(fs.lstatSync(path.join(d, 'new')).ino);
  });
});

describe('readdirFd', () => {
  it('returns every name as its bytes, a name that is not UTF-8 included, with its type; the descriptor stays usable', () => {
    const d = dir();
    const odd = Buffer.from([0xff, 0xfe]);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${d}/`), odd]), 'x');
    fs.writeFileSync(path.join(d, 'plain'), 'y');
    fs.mkdirSync(path.join(d, 'sub'));
    fs.symlinkSync('/nowhere', path.join(d, 'link'));
    const dfd = openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
    const list = sys.readdirFd(dfd);
    const byHex = Object.fromEntries(list.map((e) => [e.name.toString('hex'), e.type]));
    expect(byHex).toEqual({
      fffe: DT_REG,
      [Buffer.from('plain').toString('hex')]: DT_REG,
      [Buffer.from('sub').toString('hex')]: DT_DIR,
      [Buffer.from('link').toString('hex')]: DT_LNK,
    });
    // listed again from the start, and the raw name opens the file it names
    expect(sys.readdirFd(dfd)).toHaveLength(4);
    const name = list.find((e) => e.name.equals(odd))!.name;
    expect(sys.fstatat(dfd, name).size).toBe(1);
    expect(() => sys.readdirFd(openat(dfd, 'plain', O_RDONLY))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('readDirStats', () => {
  const row = (r: sys.DirStats, i: number): Record<string, number> =>
    Object.fromEntries(Object.entries(sys.STAT).filter(([k]) => k !== 'fields').map(([k, o]) => [k, r.stats[i * sys.STAT.fields + o]!]));
  const names = (r: sys.DirStats): string[] => r.names.toString('latin1').split('\0').slice(0, -1);

  it("gives every name's bytes in readdirSync's order and its lstat, the numbers equal to fs.lstatSync's", () => {
    const d = dir();
    const odd = Buffer.concat([Buffer.from(`${d}/`), Buffer.from([0xff, 0xfe])]);
    fs.writeFileSync(odd, 'x');
    fs.writeFileSync(path.join(d, 'b-file'), Buffer.alloc(70_000, 1));
    fs.utimesSync(path.join(d, 'b-file'), -1e8 + 0.123, 2e9 + 0.987);
    fs.linkSync(path.join(d, 'b-file'), path.join(d, 'a-link'));
    fs.mkdirSync(path.join(d, 'sub'));
    fs.symlinkSync('/nowhere', path.join(d, 'link'));
    const r = sys.readDirStats(d);
    const want = fs.readdirSync(d, { encoding: 'buffer' });
    expect(names(r)).toEqual(want.map((n) => n.toString('latin1')));
    expect([...r.errs]).toEqual(want.map(() => 0)); // spread: the addon's typed arrays are of another realm than jest's
    want.forEach((n, i) => {
      const st = fs.lstatSync(Buffer.concat([Buffer.from(`${d}/`), n]));
      const { dtype, ...got } = row(r, i);
      expect(got).toEqual({ mode: st.mode, size: st.size, blocks: st.blocks, atimeMs: st.atimeMs, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, dev: st.dev, nlink: st.nlink });
      expect(dtype).toBe(st.isDirectory() ? DT_DIR : st.isSymbolicLink() ? DT_LNK : DT_REG);
    });
    const empty = sys.readDirStats(path.join(d, 'sub'));
    expect([empty.names.length, empty.stats.length, empty.errs.length]).toEqual([0, 0, 0]);
  });

  it('refuses a symbolic link in place of the directory unless told to follow; throws as readdirSync does', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'real'));
    fs.writeFileSync(path.join(d, 'real', 'f'), '');
    fs.symlinkSync('real', path.join(d, 'link'));
    // O_DIRECTORY|O_NOFOLLOW on a symbolic link: Linux says ENOTDIR (the link is not a directory), not ELOOP
    expect(() => sys.readDirStats(path.join(d, 'link'))).toThrow(expect.objectContaining({ code: 'ENOTDIR', syscall: 'scandir' }));
    expect(names(sys.readDirStats(path.join(d, 'link'), false))).toEqual(['f']);
    expect(() => sys.readDirStats(path.join(d, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'scandir', path: path.join(d, 'missing') }));
    expect(() => sys.readDirStats(path.join(d, 'real', 'f'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it("gives a name's own errno when its lstat fails (EACCES: a directory nobody may search), and ENAMETOOLONG past PATH_MAX as lstat would", () => {
    const d = dir();
    fs.chmodSync(base, 0o755);
    fs.chmodSync(d, 0o755);
    const shut = path.join(d, 'shut');
    fs.mkdirSync(shut, 0o744);
    fs.writeFileSync(path.join(shut, 'f'), '');
    process.seteuid!(65534);
    let r: sys.DirStats;
    try {
      r = sys.readDirStats(shut);
    } finally {
      process.seteuid!(0);
    }
    expect(names(r)).toEqual(['f']);
    expect([...r.errs]).toEqual([13]);
    expect(sys.errnoName(13)).toBe('EACCES');
    expect(sys.errnoName(2)).toBe('ENOENT');
    // a directory whose path leaves 4095 - len bytes: a name one byte longer than that is ENAMETOOLONG, as lstat says
    let deep = d;
    while (deep.length < 3900) {
      deep = path.join(deep, 'x'.repeat(Math.min(200, 3900 - deep.length - 1)));
      fs.mkdirSync(deep);
    }
    const fit = 'f'.repeat(4095 - deep.length - 1);
    fs.writeFileSync(path.join(deep, fit), '');
    const dfd = openat(sys.AT_FDCWD, deep, O_RDONLY | O_DIRECTORY);
    openat(dfd, `${fit}g`, O_CREAT | O_RDWR); // made relative to the directory: its whole path is past PATH_MAX
    expect(() => fs.lstatSync(path.join(deep, `${fit}g`))).toThrow(expect.objectContaining({ code: 'ENAMETOOLONG' }));
    expect(fs.lstatSync(path.join(deep, fit)).size).toBe(0);
    const long = sys.readDirStats(deep);
    expect(names(long)).toEqual([fit, `${fit}g`]);
    sys.unlinkat(dfd, `${fit}g`); // fs.rmSync could not (its path is too long)
    expect([...long.errs].map(sys.errnoName)).toEqual(['E0', 'ENAMETOOLONG']);
  });
});

describe('unlinkat and renameat2', () => {
  it('unlinkat removes a name in that directory, a directory only with removeDir and only when empty', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'sub'));
    fs.writeFileSync(path.join(d, 'sub', 'f'), 'x');
    const odd = Buffer.from([0xff, 0xfe]);
    fs.writeFileSync(Buffer.concat([Buffer.from(`${d}/`), odd]), 'x');
    const dfd = openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
    expect(() => sys.unlinkat(dfd, 'sub')).toThrow(expect.objectContaining({ code: 'EISDIR', syscall: 'unlinkat' }));
    expect(() => sys.unlinkat(dfd, 'sub', true)).toThrow(expect.objectContaining({ code: 'ENOTEMPTY' }));
    const sfd = openat(dfd, 'sub', O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    sys.unlinkat(sfd, 'f');
    sys.unlinkat(dfd, 'sub', true);
    sys.unlinkat(dfd, odd);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  it('renameat2 swaps a directory and a symbolic link atomically (RENAME_EXCHANGE), and NOREPLACE refuses an existing name', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'sub'));
    fs.writeFileSync(path.join(d, 'sub', 'mine'), 'x');
    fs.mkdirSync(path.join(d, 'outside'));
    fs.symlinkSync(path.join(d, 'outside'), path.join(d, 'link'));
    const dfd = openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY);
    const subIno = fs.lstatSync(path.join(d, 'sub')).ino;
    sys.renameat2(dfd, 'sub', dfd, 'link', RENAME_EXCHANGE);
    expect(fs.lstatSync(path.join(d, 'sub')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(d, 'link')).ino).toBe(subIno);
    expect(() => sys.renameat2(dfd, 'sub', dfd, 'link', RENAME_NOREPLACE)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'renameat2' }));
  });
});

describe('mountId', () => {
  it('is the same across one mount and matches /proc/self/mountinfo', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'sub'));
    const a = sys.mountId(openat(sys.AT_FDCWD, d, O_RDONLY | O_DIRECTORY));
    const b = sys.mountId(openat(sys.AT_FDCWD, path.join(d, 'sub'), O_PATH));
    expect(a).toBe(b);
    const root = sys.mountId(openat(sys.AT_FDCWD, '/', O_PATH));
    const line = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === '/')!;
    expect(root).toBe(Number(line.split(' ')[0]));
    expect(() => sys.mountId(987_654)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('differs across a tmpfs and across a bind mount of the same filesystem (same st_dev), in a private mount namespace', () => {
    const d = dir();
    for (const s of ['t', 'b', 'src']) fs.mkdirSync(path.join(d, s));
    const script = `
      const s = require(process.argv[1]); const d = process.argv[2]; const cp = require('child_process');
      const id = (p) => { const fd = s.openat(-100, p, s.constants.O_PATH); try { return [s.mountId(fd), s.fstat(fd).dev]; } finally { s.close(fd); } };
      const before = { t: id(d + '/t'), b: id(d + '/b') };
      cp.execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', d + '/t']);
      cp.execFileSync('mount', ['--bind', d + '/src', d + '/b']);
      console.log(JSON.stringify({ dir: id(d), before, t: id(d + '/t'), b: id(d + '/b') }));`;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', process.execPath, '-e', script, ADDON, d], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const ids = JSON.parse(r.stdout) as Record<'dir' | 't' | 'b', [number, number]> & { before: Record<'t' | 'b', [number, number]> };
    expect(ids.before.t).toEqual(ids.dir);
    expect(ids.before.b).toEqual(ids.dir);
    expect(ids.t[0]).not.toBe(ids.dir[0]);
    expect(ids.t[1]).not.toBe(ids.dir[1]);
    expect(ids.b[1]).toBe(ids.dir[1]); // a bind mount keeps the device number...
    expect(ids.b[0]).not.toBe(ids.dir[0]); // ...and only the mount id tells it apart
    expect(fs.readdirSync(path.join(d, 'b'))).toEqual([]); // the namespace was private: nothing leaked here
  });
});

describe('fcntl locks', () => {
  it("sees Nova's lock (a classic POSIX lock taken by Python's fcntl.lockf) as conflicting, with its pid", async () => {
    const f = path.join(dir(), 'nova-lock');
    fs.writeFileSync(f, '');
    const py = await pythonLockf(f);
    const fd = openat(sys.AT_FDCWD, f, O_RDWR);
    expect(sys.lockHolder(fd, true)).toBe(py.pid);
    expect(sys.lockHolder(fd, false)).toBe(py.pid);
    expect(() => sys.lock(fd, { ofd: true })).toThrow(expect.objectContaining({ code: 'EAGAIN', syscall: 'fcntl' }));
    expect(() => sys.lock(fd, { ofd: false })).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    expect(() => sys.lock(fd, { ofd: true, exclusive: false })).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    py.kill('SIGKILL');
    await exited(py);
    expect(sys.lockHolder(fd)).toBeNull();
    sys.lock(fd, { ofd: false });
    sys.unlock(fd, false);
  });

  it("an OFD lock held by another node process conflicts with both kinds; it has no owning pid (-1)", async () => {
    const f = path.join(dir(), 'ofd');
    fs.writeFileSync(f, '');
    const child = await nodeOfdLock(f);
    const fd = openat(sys.AT_FDCWD, f, O_RDWR);
    expect(sys.lockHolder(fd, true)).toBe(-1);
    expect(() => sys.lock(fd, { ofd: true })).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    expect(() => sys.lock(fd, { ofd: false })).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    child.kill('SIGKILL');
    await exited(child);
    sys.lock(fd, { ofd: true });
    // OFD locks belong to the descriptor: a second descriptor in this same process conflicts with it
    const other = openat(sys.AT_FDCWD, f, O_RDWR);
    expect(sys.lockHolder(other, true)).toBe(-1);
    expect(() => sys.lock(other, { ofd: true })).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    sys.unlock(fd, true);
    sys.lock(other, { ofd: true });
  });
});

describe('leases', () => {
  it('a write lease is granted only while no other process has the file open; getLease says which lease is held', async () => {
    const f = path.join(dir(), 'leased');
    fs.writeFileSync(f, 'x');
    const fd = openat(sys.AT_FDCWD, f, O_RDONLY);
    expect(sys.getLease(fd)).toBe('none');
    sys.setLease(fd, 'write');
    expect(sys.getLease(fd)).toBe('write');
    sys.setLease(fd, 'none');
    expect(sys.getLease(fd)).toBe('none');

    const reader = await holder('python3', ['-c', `import sys,time\nf=open(sys.argv[1])\nprint('open',flush=True)\ntime.sleep(600)`, f]);
    expect(() => sys.setLease(fd, 'write')).toThrow(expect.objectContaining({ code: 'EAGAIN', syscall: 'fcntl' }));
    sys.setLease(fd, 'read'); // a reader does not stop a read lease...
    sys.setLease(fd, 'none');
    reader.kill('SIGKILL');
    await exited(reader);
    const writer = await holder('python3', ['-c', `import sys,time\nf=open(sys.argv[1],'a')\nprint('open',flush=True)\ntime.sleep(600)`, f]);
    expect(() => sys.setLease(fd, 'read')).toThrow(expect.objectContaining({ code: 'EAGAIN' })); // ...a writer does
    writer.kill('SIGKILL');
    await exited(writer);
    sys.setLease(fd, 'write');
    sys.setLease(fd, 'none');
  });
});

describe('xattrs', () => {
  it('reads an attribute by path (the link itself, never its target) or by descriptor; null when absent', () => {
    const d = dir();
    const f = path.join(d, 'f');
    fs.writeFileSync(f, 'x');
    fs.symlinkSync(f, path.join(d, 'l'));
    const value = Buffer.from([0, 1, 0xff, 0x80]);
    sys.setxattr(f, 'user.cachesweep.test', value);
    expect(sys.getxattr(f, 'user.cachesweep.test')).toEqual(value);
    expect(sys.getxattr(path.join(d, 'l'), 'user.cachesweep.test')).toBeNull();
    const fd = openat(sys.AT_FDCWD, f, O_RDONLY);
    expect(sys.getxattr(fd, 'user.cachesweep.test')).toEqual(value);
    sys.setxattr(fd, 'user.empty', Buffer.alloc(0));
    expect(sys.getxattr(fd, 'user.empty')).toEqual(Buffer.alloc(0));
    expect(sys.getxattr(f, 'user.none')).toBeNull();
    expect(() => sys.getxattr(path.join(d, 'missing'), 'user.x')).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'lgetxattr' }));
    expect(() => sys.setxattr(f, 'user.cachesweep.test', 'y', sys.constants.XATTR_CREATE)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  });
});

describe('trimMemory', () => {
  it('gives the C heap\'s free memory back: freed buffers below the one still held leave the resident set', () => {
    // Buffers of 60 kB come from malloc's heap (below its mmap threshold); with the last one still held, glibc cannot
    // shrink the heap from its top and keeps the freed ones resident until malloc_trim.
    const script = `
      const sys = await import(process.argv[1]);
      const fs = await import('node:fs');
      const rss = () => Number(/RssAnon:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
      let keep = [];
      for (let i = 0; i < 3000; i++) keep.push(Buffer.allocUnsafeSlow(60_000).fill(1));
      const last = keep[keep.length - 1];
      keep = null;
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      globalThis.gc();
      const before = rss();
      const released = sys.trimMemory();
      console.log(JSON.stringify({ released, before, after: rss(), held: last.length }));`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script, path.join(REPO, 'dist', 'sys', 'native.js')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { released: boolean; before: number; after: number; held: number };
    expect(out.released).toBe(true);
    expect(out.before - out.after).toBeGreaterThan(100); // MiB: most of the 180 freed
  });
});

describe('loading', () => {
  it('without the built addon, the first call fails with one clear line saying how to build it', () => {
    const copy = tempDir('cachesweep-noaddon-');
    try {
      const dist = path.resolve(path.dirname(ADDON), '../../dist/sys/native.js');
      fs.mkdirSync(path.join(copy, 'dist', 'sys'), { recursive: true });
      fs.copyFileSync(dist, path.join(copy, 'dist', 'sys', 'native.js'));
      fs.writeFileSync(path.join(copy, 'package.json'), '{"type":"module"}');
      const script = `import(process.argv[1]).then((s) => { s.isDirMode(0); try { s.mountId(0) } catch (e) { console.log(e.message) } })`;
      const r = spawnSync(process.execPath, ['-e', script, path.join(copy, 'dist', 'sys', 'native.js')], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/^the native addon .*\/build\/Release\/cachesweep_sys\.node cannot be loaded \(.*\): .*run `npm rebuild` \(node-gyp/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
