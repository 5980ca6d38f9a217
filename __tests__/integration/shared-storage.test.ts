import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, removeDir, snapshot, tempDir } from '../helpers/cache.js';
import { describeRun, parseJson, runCli, startCli, type RunResult } from '../helpers/run.js';
import { DAY, MINUTE } from '../helpers/units.js';
import { expectOnlyDeletedGone, makeHold, oldDir, oldFile } from '../helpers/faults.js';
import type { PlanJson } from '../helpers/json.js';
import { isLocked } from '../helpers/locks.js';

// Two hosts cleaning one cache on shared storage, played by two processes with different state directories on one
// local cache, through the documented --shared-storage switch: the lock lives beside the cache, so they exclude
// each other whatever their --state-dir; a victim someone else deleted is skipped as already gone, never a failure.
const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** A cache of old files and directories (all victims of `--max-age 1d`) and one young file, in a fresh parent. */
function sharedCache(victims = 12): { root: string; names: string[]; work: string } {
  const parent = tempDir('cachesweep-shared-');
  const spec: Parameters<typeof makeCache>[0] = { young: { size: 10, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) } };
  for (let i = 0; i < victims; i++) spec[`v${String(i).padStart(2, '0')}`] = i % 3 ? oldFile(4096) : oldDir(40, 512);
  const root = makeCache(spec, parent);
  const work = tempDir();
  made.push(parent, work);
  return { root, names: Object.keys(spec).filter((n) => n !== 'young').sort(), work };
}

const clean = (root: string, state: string, ...more: string[]) =>
  startCli(['clean', root, '--max-age', '1d', '--shared-storage', '--json', ...more], { stateDir: state });

/** Each victim deleted by exactly one of the runs, none failed, none reported gone by both. */
function expectEachDeletedOnce(results: RunResult[], names: string[]): void {
  const deleted: string[] = [];
  for (const r of results) {
    if (r.code === 3) {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^cachesweep: another cachesweep run holds the lock on /);
      continue;
    }
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
    const a = parseJson<PlanJson>(r).applied!;
    expect(a.failed).toEqual([]);
    deleted.push(...a.deleted);
  }
  expect(deleted.sort()).toEqual(names);
}

describe('shared storage, one cleaner across hosts (--shared-storage on a local filesystem)', () => {
  it('two runs started together with different state directories never both delete and never fail (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const { root, names, work } = sharedCache();
      const before = snapshot(root);
      const runs = [clean(root, path.join(work, 'host-a')), clean(root, path.join(work, 'host-b'))];
      const results = await Promise.all(runs.map((r) => r.done));
      expectEachDeletedOnce(results, names);
      expectOnlyDeletedGone(before, snapshot(root), names);
      // the lock is beside the cache, not in either state directory
      const lock = path.join(path.dirname(root), `.cachesweep-${path.basename(root)}.lock`);
      expect(fs.existsSync(lock)).toBe(true);
      for (const host of ['host-a', 'host-b']) expect(fs.existsSync(path.join(work, host, 'locks'))).toBe(false);
    }
  }, 300_000);

  it('the second host exits 3 while the first holds the lock; with --wait it waits, then finds nothing left to do', async () => {
    const { root, names, work } = sharedCache();
    const hold = makeHold(work);
    const first = clean(root, path.join(work, 'host-a'), ...hold.args);
    await hold.planned();
    const lock = path.join(path.dirname(root), `.cachesweep-${path.basename(root)}.lock`);
    expect(isLocked(lock)).toBe(true);
    const refused = await runCli(['clean', root, '--max-age', '1d', '--shared-storage'], { stateDir: path.join(work, 'host-b') });
    expect({ code: refused.code, run: describeRun(refused) }).toEqual({ code: 3, run: describeRun(refused) });
    expect(refused.stderr).toMatch(new RegExp(`^cachesweep: another cachesweep run holds the lock on ${root} \\(${lock}: pid ${first.child.pid} on `));

    const waiting = clean(root, path.join(work, 'host-b'), '--wait', '2m');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(waiting.child.exitCode).toBe(null); // still waiting
    hold.go();
    const [a, b] = await Promise.all([first.done, waiting.done]);
    expectEachDeletedOnce([a, b], names);
    expect(parseJson<PlanJson>(b).applied!.deleted).toEqual([]);
    expect(parseJson<PlanJson>(a).storage).toEqual(expect.objectContaining({ shared: true, why: ['--shared-storage'], lockFile: lock }));
  }, 180_000);

  it('a victim deleted by someone else after the plan is skipped as already gone: exit 0, not a failure', async () => {
    const { root, names, work } = sharedCache(4);
    const hold = makeHold(work);
    const run = clean(root, path.join(work, 'host-a'), ...hold.args);
    await hold.planned();
    fs.rmSync(path.join(root, 'v00'), { recursive: true }); // a directory victim
    fs.rmSync(path.join(root, 'v01')); // a file victim
    hold.go();
    const r = await run.done;
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
    const a = parseJson<PlanJson>(r).applied!;
    expect(a.failed).toEqual([]);
    expect(a.skipped).toEqual([
      { name: 'v00', why: 'already gone (vanished since the scan)' },
      { name: 'v01', why: 'already gone (vanished since the scan)' },
    ]);
    expect(a.deleted.sort()).toEqual(names.filter((n) => n !== 'v00' && n !== 'v01'));
  });

  it('a file time further ahead of this host\'s clock than the tolerated 60 s is warned about on shared storage, and counts as just used', async () => {
    const { root, work } = sharedCache(2);
    const ahead = (name: string, ms: number) => fs.utimesSync(path.join(root, name), (Date.now() + ms) / 1000, (Date.now() + ms) / 1000);
    ahead('v00', 10 * MINUTE); // the file server's clock 10 minutes ahead, as this host sees it
    ahead('v01', 30_000); // within the tolerated skew
    const plan = parseJson<PlanJson>(await runCli(['plan', root, '--max-age', '1d', '--shared-storage', '--json'], { stateDir: path.join(work, 's') }));
    expect(plan.warnings).toEqual([expect.stringMatching(/^1 entry has times up to (59\d|600)s ahead of this host's clock \(v00\): .*up to 60s is tolerated.*count as just used/)]);
    const by = (n: string) => plan.entries.find((e) => e.name === n)!;
    expect(by('v00')).toMatchObject({ decision: 'keep', reason: 'too-young' });
    expect(by('v01')).toMatchObject({ decision: 'keep', reason: 'too-young' });
    // on local storage the same times are not about a file server: no warning
    const local = parseJson<PlanJson>(await runCli(['plan', root, '--max-age', '1d', '--json'], { stateDir: path.join(work, 's') }));
    expect(local.warnings).toEqual([]);
  });

  it('without --shared-storage a cache on local storage is locked in the state directory: two state directories do not exclude', async () => {
    const { root, work } = sharedCache(2);
    const hold = makeHold(work);
    const first = startCli(['clean', root, '--max-age', '1d', ...hold.args], { stateDir: path.join(work, 'host-a') });
    await hold.planned();
    try {
      const other = await runCli(['plan', root, '--max-age', '1d', '--json'], { stateDir: path.join(work, 'host-b') });
      expect(parseJson<PlanJson>(other).storage).toEqual(expect.objectContaining({ shared: false, why: [], lockFile: null }));
      const second = await runCli(['clean', root, '--max-age', '1d', '--json'], { stateDir: path.join(work, 'host-b') });
      expect(second.code).toBe(0); // not excluded: that is what --shared-storage (or detection) is for
      expect(parseJson<PlanJson>(second).storage!.lockFile).toBe(path.join(work, 'host-b', 'locks', fs.readdirSync(path.join(work, 'host-b', 'locks'))[0]!));
    } finally {
      hold.go();
      await first.done;
    }
  });

  it('--lock-file names the lock (runs with it exclude each other); one inside the cache is refused with exit 2', async () => {
    const { root, work } = sharedCache(2);
    const lockFile = path.join(work, 'cache.lock');
    const hold = makeHold(work);
    const first = startCli(['clean', root, '--max-age', '1d', '--lock-file', lockFile, ...hold.args], { stateDir: path.join(work, 'host-a') });
    await hold.planned();
    try {
      expect(isLocked(lockFile)).toBe(true);
      const second = await runCli(['clean', root, '--max-age', '1d', '--lock-file', lockFile], { stateDir: path.join(work, 'host-b') });
      expect(second.code).toBe(3);
    } finally {
      hold.go();
      expect((await first.done).code).toBe(0);
    }
    const before = snapshot(root);
    const inside = await runCli(['clean', root, '--max-age', '1d', '--lock-file', path.join(root, 'x.lock')]);
    expect({ code: inside.code, err: inside.stderr }).toEqual({ code: 2, err: `cachesweep: --lock-file: ${path.join(root, 'x.lock')} is inside the cache root ${root}; keep the lock outside what is cleaned\n` });
    expect(snapshot(root)).toEqual(before);
  });

  it('Nova: compute_nodes listing two hosts seen in the last 24h makes the cache shared; the lock is in instances/locks', async () => {
    const instances = tempDir('cachesweep-nova-');
    made.push(instances);
    const base = path.join(instances, '_base');
    fs.mkdirSync(base);
    const sha = 'ab'.repeat(20);
    fs.writeFileSync(path.join(base, sha), Buffer.alloc(8192, 1));
    fs.utimesSync(path.join(base, sha), ago(3 * DAY) / 1000, ago(3 * DAY) / 1000);
    const now = Date.now() / 1000;
    // Nova's format (nova/virt/storage_users.py): host name -> time.time() of its last image cache pass
    fs.writeFileSync(path.join(instances, 'compute_nodes'), JSON.stringify({ 'cn-1': now - 60, 'cn-2': now - 3600, 'cn-gone': now - 3 * 86400 }));
    const plan = parseJson<PlanJson>(await runCli(['plan', base, '--json']));
    expect(plan.storage).toEqual(
      expect.objectContaining({
        shared: true,
        family: null,
        novaHosts: ['cn-1', 'cn-2'],
        why: [`Nova's ${path.join(instances, 'compute_nodes')} lists 2 hosts seen in the last 24h (cn-1, cn-2)`],
      }),
    );
    const text = await runCli(['plan', base]);
    expect(text.stdout).toMatch(/^storage: shared with other hosts \(Nova's .*compute_nodes lists 2 hosts seen in the last 24h \(cn-1, cn-2\)\): one cleaner across hosts$/m);

    const work = tempDir();
    made.push(work);
    const hold = makeHold(work);
    const first = startCli(['clean', base, '--json', ...hold.args], { stateDir: path.join(work, 'host-a') });
    await hold.planned();
    try {
      expect(isLocked(path.join(instances, 'locks', 'cachesweep-_base'))).toBe(true);
      const second = await runCli(['clean', base], { stateDir: path.join(work, 'host-b') });
      expect(second.code).toBe(3);
    } finally {
      hold.go();
    }
    const r = await first.done;
    expect(parseJson<PlanJson>(r).applied!.deleted).toEqual([sha]);
    // one host alone in compute_nodes: not shared
    fs.writeFileSync(path.join(instances, 'compute_nodes'), JSON.stringify({ 'cn-1': now - 60, 'cn-gone': now - 3 * 86400 }));
    expect(parseJson<PlanJson>(await runCli(['plan', base, '--json'])).storage).toEqual(expect.objectContaining({ shared: false, novaHosts: ['cn-1'] }));
  }, 180_000);
});
