import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan, type ApplyHooks } from '../../src/apply/apply.js';
import { novaLockName, novaVictimLocks } from '../../src/apply/nova-lock.js';
import { removeEntry } from '../../src/apply/remove.js';
import { scan } from '../../src/scan/scan.js';
import { HeldLocksDetector } from '../../src/usage/held-locks.js';
import { ago, makeTree, removeDir, tempDir } from '../helpers/cache.js';
import { cleanup } from '../helpers/in-use.js';
import { DAY } from '../helpers/units.js';
import { holdLikeOslo, locksOn } from '../helpers/locks.js';
import { evictPlan } from '../helpers/plan.js';

// Nova's lock, taken: each victim of a Nova image cache is deleted while this process holds Nova's own lock for
// it (instances/locks/nova-<name>), exactly the file oslo.concurrency locks; a lock held elsewhere skips the victim.
const made: string[] = [];
afterEach(cleanup);
afterAll(() => made.forEach(removeDir));

const old = () => ({ mtimeMs: ago(3 * DAY), atimeMs: ago(3 * DAY) });
const SHA = (c: string): string => c.repeat(40);

function novaCache(names: string[]): { instances: string; base: string; locks: string } {
  const instances = tempDir('cachesweep-nova-');
  made.push(instances);
  const base = path.join(instances, '_base');
  fs.mkdirSync(base);
  makeTree(base, Object.fromEntries(names.map((n) => [n, { size: 4096, ...old() }])));
  return { instances, base, locks: path.join(instances, 'locks') };
}

/** Can another process take the lock now, as oslo.concurrency takes it (fcntl.lockf, non-blocking)? */
function osloCanLock(file: string): boolean {
  const py = 'import fcntl,sys\nf=open(sys.argv[1],"a")\ntry:\n  fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n  print("locked")\nexcept OSError:\n  print("busy")';
  const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8' });
  if (r.stdout.trim() !== 'locked' && r.stdout.trim() !== 'busy') throw new Error(`python3: ${r.stdout} ${r.stderr}`);
  return r.stdout.trim() === 'locked';
}

describe("Nova's lock per victim", () => {
  it('names the lock as Nova does: nova-<file name>, a partial download under the lock of its image', () => {
    expect(novaLockName(SHA('a'))).toBe(`nova-${SHA('a')}`);
    expect(novaLockName(`${SHA('a')}_10737418240`)).toBe(`nova-${SHA('a')}_10737418240`);
    expect(novaLockName(`${SHA('a')}.part`)).toBe(`nova-${SHA('a')}`);
    expect(novaLockName('swap_512.converted')).toBe('nova-swap_512');
  });

  it("holds Nova's lock while deleting (oslo cannot take it then), and the held-locks re-check does not count it", async () => {
    const { base, locks } = novaCache([SHA('a'), 'swap_512']);
    const r = scan(base, { layout: 'nova' });
    const detector = new HeldLocksDetector({ root: base, novaLockDirs: [locks], warn: () => undefined });
    const seen: Record<string, { osloCould: boolean; recheck: string[]; ours: number }> = {};
    const hooks: ApplyHooks = {
      rootDev: r.entries[0]!.fingerprint.dev,
      stopReason: () => null,
      lockVictim: novaVictimLocks(locks, (w) => {
        throw new Error(w);
      }),
      stillProtected: (v) => {
        const file = path.join(locks, novaLockName(v.entry.name));
        seen[v.entry.name] = { osloCould: osloCanLock(file), recheck: detector.recheck(v.entry), ours: locksOn(file).filter((l) => l.type === 'OFDLCK').length };
        return null;
      },
      remove: removeEntry,
    };
    const applied = await applyPlan(evictPlan(r, [SHA('a'), 'swap_512']), hooks);
    expect(applied).toEqual(expect.objectContaining({ deleted: [SHA('a'), 'swap_512'], skipped: [], failed: [] }));
    expect(seen).toEqual({
      [SHA('a')]: { osloCould: false, recheck: [], ours: 1 },
      swap_512: { osloCould: false, recheck: [], ours: 1 },
    });
    // Nova removes the lock file of a base image after removing the image, and keeps swap's (remove_lock=False)
    expect(fs.readdirSync(locks)).toEqual(['nova-swap_512']);
    expect(locksOn(path.join(locks, 'nova-swap_512'))).toEqual([]); // released
  });

  it('skips a victim whose Nova lock another process holds (python fcntl.lockf, as oslo.concurrency), deletes the rest', async () => {
    const { base, locks } = novaCache([SHA('a'), SHA('b')]);
    fs.mkdirSync(locks);
    const nova = await holdLikeOslo(path.join(locks, `nova-${SHA('b')}`));
    const r = scan(base, { layout: 'nova' });
    const applied = await applyPlan(evictPlan(r, [SHA('a'), SHA('b')]), {
      rootDev: r.entries[0]!.fingerprint.dev,
      stopReason: () => null,
      lockVictim: novaVictimLocks(locks, () => undefined),
    });
    expect(applied.deleted).toEqual([SHA('a')]);
    expect(applied.failed).toEqual([]);
    expect(applied.skipped).toEqual([{ name: SHA('b'), why: `in use: Nova's lock ${path.join(locks, `nova-${SHA('b')}`)} is held by another process` }]);
    expect(fs.existsSync(path.join(base, SHA('b')))).toBe(true);
    expect(locksOn(path.join(locks, `nova-${SHA('b')}`))).toEqual([{ type: 'POSIX', pid: nova.pid }]); // untouched
    expect(fs.readdirSync(locks)).toEqual([`nova-${SHA('b')}`]);
  });

  it('a victim deleted by someone else between its re-check and its removal is skipped as already gone, not failed', async () => {
    const { base } = novaCache([SHA('a'), SHA('c')]);
    const dir = path.join(base, 'd');
    makeTree(base, { d: { dir: { x: { size: 10, ...old() } }, ...old() } });
    const r = scan(base, { layout: 'generic' });
    const applied = await applyPlan(evictPlan(r, [SHA('a'), 'd', SHA('c')]), {
      rootDev: r.entries[0]!.fingerprint.dev,
      stopReason: () => null,
      // the re-check passed; right after it, another host's cleaner deletes the victim
      stillProtected: (v) => {
        if (v.entry.name !== SHA('c')) fs.rmSync(v.entry.path, { recursive: true });
        return null;
      },
    });
    expect(applied.failed).toEqual([]);
    expect(applied.skipped).toEqual([
      { name: SHA('a'), why: `already gone (${SHA('a')} vanished since the re-check)` },
      { name: 'd', why: 'already gone (d vanished since the re-check)' },
    ]);
    expect(applied.deleted).toEqual([SHA('c')]);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
