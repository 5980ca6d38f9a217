import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { HeldLocksDetector, lockReason, parseProcLocks } from '../../src/usage/held-locks.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { devFromProc, makedev } from '../../src/usage/proc-dev.js';
import { cleanup, holdFlock, holdPosixLock, tempDir } from '../helpers/in-use.js';

afterEach(cleanup);

describe('parseProcLocks', () => {
  const sample = [
    '1: POSIX  ADVISORY  WRITE 1234 fe:00:2180945 0 EOF',
    '2: FLOCK  ADVISORY  WRITE 5678 00:2a:98765 0 EOF',
    '2: -> FLOCK  ADVISORY  WRITE 5679 00:2a:98765 0 EOF',
    '3: OFDLCK ADVISORY  READ  -1 08:01:4211 0 EOF',
    '4: LEASE  ACTIVE    READ  999 103:05:54 0 EOF',
    '5: POSIX  ADVISORY  READ  42 fe:00:77 128 255',
    'garbage',
    '',
  ].join('\n');

  it('reads holders, skips waiters and lines it does not know', () => {
    const locks = parseProcLocks(sample);
    expect(locks.map((l) => [l.type, l.pid, l.dev, l.ino])).toEqual([
      ['POSIX', 1234, 254 << 8, 2180945],
      ['FLOCK', 5678, 42, 98765],
      ['OFDLCK', -1, (8 << 8) | 1, 4211],
      ['LEASE', 999, (0x103 << 8) | 5, 54],
      ['POSIX', 42, 254 << 8, 77],
    ]);
  });

  it('words the reasons', () => {
    const [posix, flock, ofd, lease] = parseProcLocks(sample);
    expect(lockReason(posix!)).toBe('locked (posix lock by pid 1234)');
    expect(lockReason(flock!)).toBe('locked (flock by pid 5678)');
    expect(lockReason(ofd!)).toBe('locked (OFD lock)');
    expect(lockReason(lease!)).toBe('locked (lease by pid 999)');
  });
});

describe('device numbers: /proc prints MAJOR:MINOR in hex, stat reports glibc makedev', () => {
  it('encodes small and large majors and minors as glibc does', () => {
    expect(makedev(254, 0)).toBe(65024);
    expect(makedev(8, 1)).toBe(2049);
    expect(makedev(0, 42)).toBe(42);
    expect(makedev(0, 0x12345)).toBe(0x45 + 0x12300 * 4096);
    expect(makedev(0x1234, 0)).toBe(0x234 * 256 + 0x1000 * 2 ** 32);
    expect(devFromProc('fe', '00')).toBe(65024);
  });

  it.each([
    ['a disk-backed filesystem (the temp dir)', () => tempDir()],
    ['tmpfs (/dev/shm: major 0)', () => tempDir('cachesweep-lock-', '/dev/shm')],
  ])('matches stat() of a file held with flock(1) on %s', async (_what, mk) => {
    const dir = mk();
    try {
      const file = path.join(dir, 'locked');
      fs.writeFileSync(file, 'x');
      const held = await holdFlock(file);
      const mine = parseProcLocks(fs.readFileSync('/proc/locks', 'utf8')).filter((l) => l.pid === held.pid);
      const st = fs.statSync(file);
      expect(mine).toEqual([expect.objectContaining({ type: 'FLOCK', dev: st.dev, ino: st.ino })]);
      await held.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HeldLocksDetector with real locks', () => {
  function cache() {
    const top = tempDir();
    const root = path.join(top, '_base');
    fs.mkdirSync(path.join(root, 'dir'), { recursive: true });
    for (const n of ['flocked', 'posix', 'free', 'by-nova', 'nova-free']) fs.writeFileSync(path.join(root, n), n);
    fs.writeFileSync(path.join(root, 'dir', 'inner'), 'i');
    fs.mkdirSync(path.join(top, 'locks'));
    return { top, root, locks: path.join(top, 'locks') };
  }

  it('a flock (flock(1)) and a POSIX lock on cache files keep them; a lock inside a directory keeps the directory', async () => {
    const { root } = cache();
    const a = await holdFlock(path.join(root, 'flocked'));
    const b = await holdPosixLock(path.join(root, 'posix'));
    const c = await holdFlock(path.join(root, 'dir', 'inner'));
    const d = new HeldLocksDetector({ root, warn: () => undefined });
    const entries = scan(root).entries;
    const usage = mergeUsage(entries, d.collect(entries));
    expect(usage.get('flocked')!.inUse).toEqual([`locked (flock by pid ${a.pid})`]);
    expect(usage.get('posix')!.inUse).toEqual([`locked (posix lock by pid ${b.pid})`]);
    expect(usage.get('dir')!.inUse).toEqual([`locked (flock by pid ${c.pid})`]);
    expect(usage.get('free')!.inUse).toEqual([]);
    const flocked = entries.find((e) => e.name === 'flocked')!;
    expect(d.recheck(flocked)).toHaveLength(1);
    await a.stop();
    expect(d.recheck(flocked)).toEqual([]);
  });

  it("Nova's lock file held (locks/nova-<name>) keeps the image: 'locked by nova'; a lock file nobody holds does not", async () => {
    const { root, locks } = cache();
    fs.writeFileSync(path.join(locks, 'nova-by-nova'), '');
    fs.writeFileSync(path.join(locks, 'nova-nova-free'), ''); // left behind by an earlier download: not held
    const held = await holdPosixLock(path.join(locks, 'nova-by-nova'));
    const d = new HeldLocksDetector({ root, novaLockDirs: [locks], warn: () => undefined });
    const entries = scan(root).entries;
    const usage = mergeUsage(entries, d.collect(entries));
    expect(usage.get('by-nova')!.inUse).toEqual(['locked by nova']);
    expect(usage.get('nova-free')!.inUse).toEqual([]);
    const e = entries.find((x) => x.name === 'by-nova')!;
    expect(d.recheck(e)).toEqual(['locked by nova']);
    await held.stop();
    expect(d.recheck(e)).toEqual([]);
  });

  it('warns when the lock table cannot be read', () => {
    const { root } = cache();
    const warnings: string[] = [];
    const d = new HeldLocksDetector({ root, locksFile: path.join(root, 'no-such-table'), warn: (w) => warnings.push(w) });
    expect(d.collect(scan(root).entries)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/cannot read .*no-such-table: ENOENT; held locks are not detected/)]);
  });
});
