import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, LockedError, lockPathFor, stateDirLockPlace, type LockPlace } from '../../src/apply/lock.js';
import { isOwnLock } from '../../src/sys/lock-file.js';
import { removeDir, tempDir } from '../helpers/cache.js';
import { holdLikeOslo, isLocked, locksOn, tryLockfOnce } from '../helpers/locks.js';
import { cleanup, holdWith, type Held } from '../helpers/in-use.js';
import { REPO } from '../helpers/run.js';

let base: string;
let state: string;
let root: string;
beforeEach(() => {
  base = tempDir('cachesweep-lock-');
  state = path.join(base, 'state');
  root = path.join(base, 'cache');
  fs.mkdirSync(root);
});
afterEach(async () => {
  await cleanup();
  removeDir(base);
});

/** A node process holding the per-cache lock through the built module (a run frozen mid-deletion, as far as the lock sees). */
function holdInChild(place: LockPlace): Promise<Held> {
  const js = `import('${REPO}/dist/apply/lock.js').then(async (m) => { await m.acquireLock(${JSON.stringify(place)}, ${JSON.stringify(root)}); console.log('ready'); setInterval(() => {}, 1e6); })`;
  return holdWith(process.execPath, ['-e', js], 'ready');
}

describe('acquireLock (an OFD lock on a lock file)', () => {
  it('lets one run at a time hold a cache root, and the next one after release', async () => {
    const held = await acquireLock(stateDirLockPlace(state, root), root);
    try {
      await expect(acquireLock(stateDirLockPlace(state, root), root)).rejects.toThrow(LockedError);
      await expect(acquireLock(stateDirLockPlace(state, root), root)).rejects.toThrow(
        new RegExp(`^another cachesweep run holds the lock on ${root} \\(.*: pid ${process.pid} on \\S+ since \\S+\\); try again`),
      );
      // a different root is a different lock
      const other = await acquireLock(stateDirLockPlace(state, `${root}2`), `${root}2`);
      await other.release();
    } finally {
      await held.release();
    }
    const again = await acquireLock(stateDirLockPlace(state, root), root);
    expect(again.compromised()).toBe(false);
    await again.release();
  });

  it('keeps the lock file in the state directory, never inside the cache root; the file stays, empty, after release', async () => {
    const file = lockPathFor(state, root);
    expect(path.relative(state, file).startsWith('..')).toBe(false);
    expect(path.relative(root, file).startsWith('..')).toBe(true);
    expect(lockPathFor(state, `${root}2`)).not.toBe(file);
    const held = await acquireLock(stateDirLockPlace(state, root), root);
    const st = fs.statSync(file);
    try {
      expect(locksOn(file)).toEqual([{ type: 'OFDLCK', pid: -1 }]);
      expect(isOwnLock(st.dev, st.ino)).toBe(true);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(root)).toEqual([]);
    } finally {
      await held.release();
    }
    expect(locksOn(file)).toEqual([]);
    expect(isOwnLock(st.dev, st.ino)).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('a lock held by a live process that does not run (SIGSTOP) stays held; SIGKILL frees it at once', async () => {
    const place = stateDirLockPlace(state, root);
    const child = await holdInChild(place);
    child.child.kill('SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, 1500)); // no refresh is needed: nothing goes stale
      await expect(acquireLock(place, root, { staleMs: 5_000 })).rejects.toThrow(new RegExp(`pid ${child.pid} on `));
    } finally {
      child.child.kill('SIGKILL');
    }
    await new Promise((r) => child.child.once('exit', r));
    const next = await acquireLock(place, root); // at once: no stale period to wait out, no warning
    await next.release();
  });

  it('--wait: waits for the holder to finish, then takes the lock; gives up with LockedError after the wait', async () => {
    const place = stateDirLockPlace(state, root);
    const held = await acquireLock(place, root);
    const t0 = Date.now();
    await expect(acquireLock(place, root, { waitMs: 600 })).rejects.toThrow(/waited 1s\); try again/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    setTimeout(() => void held.release(), 300);
    const waited = await acquireLock(place, root, { waitMs: 30_000 });
    await waited.release();
  });

  it('the lock is lost (compromised) once its file is removed or replaced', async () => {
    const place = stateDirLockPlace(state, root);
    const held = await acquireLock(place, root);
    try {
      expect(held.compromised()).toBe(false);
      fs.unlinkSync(place.file);
      expect(held.compromised()).toBe(true);
    } finally {
      await held.release();
    }
  });

  it('excludes a classic POSIX lock as oslo.concurrency takes it, and is excluded by one (both kinds conflict)', async () => {
    const file = path.join(base, 'shared.lock');
    const place: LockPlace = { file, shared: true, dirMode: 0o755 };
    const held = await acquireLock(place, root);
    try {
      expect(await tryLockfOnce(file)).toBe('busy');
    } finally {
      await held.release();
    }
    expect(await tryLockfOnce(file)).toBe('locked');
    const oslo = await holdLikeOslo(file);
    await expect(acquireLock(place, root)).rejects.toThrow(LockedError);
    await oslo.stop();
    await (await acquireLock(place, root)).release();
  });

  it('--lock-stale now applies to the mkdir lock of an older cachesweep: respected while fresh, removed once stale', async () => {
    const place = stateDirLockPlace(state, root);
    fs.mkdirSync(place.legacyDir!, { recursive: true });
    await expect(acquireLock(place, root, { staleMs: 60_000 })).rejects.toThrow(/a lock of an older cachesweep, refreshed \d+s ago/);
    const old = (Date.now() - 10 * 60_000) / 1000;
    fs.utimesSync(place.legacyDir!, old, old);
    const warnings: string[] = [];
    const held = await acquireLock(place, root, { staleMs: 60_000, warn: (w) => warnings.push(w) });
    await held.release();
    expect(warnings).toEqual([expect.stringMatching(/^removed a stale lock an older cachesweep left on .* not refreshed for 6\d\ds/)]);
    expect(fs.existsSync(place.legacyDir!)).toBe(false);
  });

  it('a lock file that holds something else (a --lock-file given by mistake) is locked but never written to', async () => {
    const file = path.join(base, 'precious.conf');
    fs.writeFileSync(file, 'setting = 1\n');
    const held = await acquireLock({ file, shared: false, dirMode: 0o755 }, root);
    try {
      expect(isLocked(file)).toBe(true);
      expect(held.serverSkewMs).toBeNull();
    } finally {
      await held.release();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('setting = 1\n');
  });

  it('a lock place that cannot be made is one line naming it (a configuration error), not a crash', async () => {
    fs.writeFileSync(path.join(base, 'file'), '');
    const place: LockPlace = { file: path.join(base, 'file', 'locks', 'x'), shared: true, dirMode: 0o755 };
    await expect(acquireLock(place, root)).rejects.toThrow(/^cannot lock .*\/file\/locks\/x: ENOTDIR; it lives beside the cache on shared storage: make that place writable, or give --lock-file$/);
  });
});
