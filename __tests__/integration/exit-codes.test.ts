import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, lockPathFor, stateDirLockPlace } from '../../src/apply/lock.js';
import { isLocked } from '../helpers/locks.js';
import { ago, makeCache, removeDir, snapshot, tempDir } from '../helpers/cache.js';
import { describeRun, parseJson, runCli, startCli, type RunResult } from '../helpers/run.js';
import { DAY, MINUTE } from '../helpers/units.js';
import { expectPlanDocument, type PlanJson } from '../helpers/json.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

const old = (size: number) => ({ size, mtimeMs: ago(10 * DAY), atimeMs: ago(10 * DAY) });

describe('exit codes of applying runs', () => {
  it('3 when another run holds the lock on the cache; nothing is deleted; 0 once it is released', async () => {
    const root = makeCache({ a: old(10_000), b: old(10_000) });
    const state = path.join(tempDir(), 'state');
    made.push(root, path.dirname(state));
    const before = snapshot(root);
    const held = await acquireLock(stateDirLockPlace(state, root), root);
    try {
      expect(isLocked(lockPathFor(state, root))).toBe(true);
      const r = await runCli(['clean', root, '--max-age', '1d'], { stateDir: state });
      expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 3, run: describeRun(r) });
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toEqual([expect.stringMatching(/^cachesweep: .*lock/)]);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(snapshot(root)).toEqual(before);
      // a dry run takes no lock, so it still works
      const plan = await runCli(['plan', root, '--max-age', '1d'], { stateDir: state });
      expect(plan.code).toBe(0);
    } finally {
      await held.release();
    }
    const r = await runCli(['clean', root, '--max-age', '1d'], { stateDir: state });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(isLocked(lockPathFor(state, root))).toBe(false); // released at the end
  });

  it('3 for the second of two concurrent runs', async () => {
    const spec: Record<string, ReturnType<typeof old>> = {};
    for (let i = 0; i < 50; i++) spec[`e${String(i).padStart(3, '0')}`] = old(10);
    const root = makeCache(spec);
    const state = path.join(tempDir(), 'state');
    made.push(root, path.dirname(state));
    const lock = lockPathFor(state, root);
    const first = startCli(['clean', root, '--max-age', '1d', '--json'], { stateDir: state });
    // freeze the first run as soon as it holds the lock, so the second surely meets it
    const t0 = Date.now();
    while (!isLocked(lock) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 1));
    first.child.kill('SIGSTOP');
    let second: RunResult;
    try {
      second = await runCli(['clean', root, '--max-age', '1d', '--json'], { stateDir: state });
    } finally {
      first.child.kill('SIGCONT');
    }
    expect({ code: second.code, run: describeRun(second) }).toEqual({ code: 3, run: describeRun(second) });
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/^cachesweep: another cachesweep run holds the lock/);
    const a = await first.done;
    expect(a.code).toBe(0);
    expect(parseJson<PlanJson>(a).applied!.deleted).toHaveLength(50);
    expect(fs.readdirSync(root)).toEqual([]);
    // Three processes start and one waits for another: 18 s on a busy 2-core machine, past jest's 60 s default when
    // four test files run beside it (seen with the hostile loop running). A time budget, not a retry.
  }, 180_000);

  it('4 when an eviction fails: the failure is reported and the other victims are deleted', async () => {
    const root = makeCache({
      a: old(10_000),
      stuck: { dir: { f: old(10_000), g: old(10_000) }, mtimeMs: ago(10 * DAY) },
      z: old(10_000),
    });
    made.push(root);
    const f = path.join(root, 'stuck', 'f');
    execFileSync('chattr', ['+i', f]); // even root cannot unlink it
    try {
      const r = await runCli(['clean', root, '--max-age', '1d', '--json']);
      expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 4, run: describeRun(r) });
      const doc = parseJson<PlanJson>(r);
      expectPlanDocument(doc, { root, dryRun: false, applied: true });
      expect(doc.applied!.deleted.sort()).toEqual(['a', 'z']);
      expect(doc.applied!.failed).toEqual([{ name: 'stuck', error: expect.stringMatching(/EPERM/) }]);
      expect(r.stderr).toMatch(/^cachesweep: failed to delete stuck: EPERM/m);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(fs.existsSync(f)).toBe(true);
      expect(fs.existsSync(path.join(root, 'a'))).toBe(false);
      expect(fs.existsSync(path.join(root, 'z'))).toBe(false);
    } finally {
      execFileSync('chattr', ['-i', f]);
    }
  });

  it('5 on a shortfall, after evicting every eligible entry in order', async () => {
    const root = makeCache({
      'old-1': { size: 100_000, mtimeMs: ago(9 * DAY), atimeMs: ago(9 * DAY) },
      'old-2': { size: 100_000, mtimeMs: ago(8 * DAY), atimeMs: ago(8 * DAY) },
      'old-3': { size: 100_000, mtimeMs: ago(7 * DAY), atimeMs: ago(7 * DAY) },
      young: { size: 600_000, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) },
    });
    made.push(root);
    // cache ~900K >= 200K; the target (100K) cannot be met while `young` (too young) stays
    const r = await runCli(['clean', root, '--strategy', 'lru', '--threshold', '200K', '--target', '100K', '--min-age', '1h', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 5, run: describeRun(r) });
    const doc = parseJson<PlanJson>(r);
    expectPlanDocument(doc, { root, dryRun: false, applied: true });
    expect(doc.trigger).toEqual(expect.objectContaining({ kind: 'size', threshold: 200 * 1024, target: 100 * 1024, reached: true }));
    expect(doc.summary.shortfallBytes).toBeGreaterThan(0);
    const victims = doc.entries.filter((e) => e.decision === 'evict').map((e) => e.name);
    expect(victims).toEqual(['old-1', 'old-2', 'old-3']); // LRU order, every eligible entry
    expect(doc.entries.find((e) => e.name === 'young')).toEqual(expect.objectContaining({ decision: 'keep', reason: 'too-young' }));
    expect(doc.applied!.deleted).toEqual(['old-1', 'old-2', 'old-3']);
    expect(fs.readdirSync(root)).toEqual(['young']);
  });

  it('5 for a dry run that finds a shortfall too, deleting nothing', async () => {
    const root = makeCache({ 'old-1': old(100_000), young: { size: 600_000, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) } });
    made.push(root);
    const before = snapshot(root);
    const r = await runCli(['plan', root, '--strategy', 'size', '--threshold', '200K', '--min-age', '1h']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^cachesweep: shortfall: .*SHORTFALL/m);
    expect(snapshot(root)).toEqual(before);
  });
});
