import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, LockedError, lockPathFor } from '../../src/apply/lock.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let base: string;
beforeEach(() => {
  base = tempDir('cachesweep-lock-');
});
afterEach(() => removeDir(base));

describe('acquireLock', () => {
  it('lets one run at a time hold a cache root, and the next one after release', async () => {
    const state = path.join(base, 'state');
    const root = path.join(base, 'cache');
    fs.mkdirSync(root);
    const held = await acquireLock(state, root);
    try {
      await expect(acquireLock(state, root)).rejects.toThrow(LockedError);
      await expect(acquireLock(state, root)).rejects.toThrow(/another cachesweep run holds the lock/);
      // a different root is a different lock
      const other = await acquireLock(state, path.join(base, 'other'));
      await other.release();
    } finally {
      await held.release();
    }
    const again = await acquireLock(state, root);
    expect(again.compromised()).toBe(false);
    await again.release();
  });

  it('keeps the lock in the state directory, never inside the cache root', async () => {
    const state = path.join(base, 'state');
    const root = path.join(base, 'cache');
    fs.mkdirSync(root);
    const file = lockPathFor(state, root);
    expect(path.relative(state, file).startsWith('..')).toBe(false);
    expect(path.relative(root, file).startsWith('..')).toBe(true);
    expect(lockPathFor(state, root)).toBe(file);
    expect(lockPathFor(state, `${root}2`)).not.toBe(file);
    const held = await acquireLock(state, root);
    try {
      expect(fs.existsSync(`${file}.lock`)).toBe(true);
      expect(fs.readdirSync(root)).toEqual([]);
    } finally {
      await held.release();
    }
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
