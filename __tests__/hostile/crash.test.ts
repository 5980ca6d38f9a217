/**
 * Issue 12, case 12, through the built binary: `clean` killed with SIGKILL in the middle of deleting a directory entry
 * of many files. Before the fix the half-deleted entry looked healthy: the next runs kept it as `too-young`, then
 * `not-expired` (the deletion had bumped its mtime), `status` showed it as normal, and the killed run's record never
 * finished. Now the next run reports the interrupted deletion and finishes it, unless it is pinned (or in use, or
 * protected) since: then it is reported and left as it is.
 * `npm test` runs the kill a few times (HOSTILE_RUNS, default 2); `HOSTILE_RUNS=10` runs it ten times.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, removeDir, tempDir } from '../helpers/cache.js';
import { assertBuilt, describeRun, parseJson, runCli, startCli, type RunResult } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';
import { waitUntil } from '../helpers/faults.js';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 2);
/** `big`: DIRS subdirectories of FILES_PER_DIR files each (33,001 nodes with itself). */
const DIRS = 3000;
const FILES_PER_DIR = 10;
const NODES = 1 + DIRS * (1 + FILES_PER_DIR);
/** SIGKILL once this many of big's subdirectories are gone: well into the deletion, far from its end. */
const KILL_AFTER_DIRS = 200;
const PLAN = ['--max-age', '1d'];
const ARGS = [...PLAN, '--lock-stale', '5s'];

/** An old cache: `big` (a directory of NODES nodes) and `small` (a file), both idle for ten days. */
function oldCache(): { base: string; root: string; state: string; big: string } {
  const base = tempDir('cachesweep-crash-');
  const root = path.join(base, 'cache');
  const big = path.join(root, 'big');
  const old = ago(10 * DAY) / 1000;
  fs.mkdirSync(big, { recursive: true });
  for (let d = 0; d < DIRS; d++) {
    const dir = path.join(big, `d${d}`);
    fs.mkdirSync(dir);
    for (let f = 0; f < FILES_PER_DIR; f++) {
      fs.writeFileSync(path.join(dir, `f${f}`), 'x');
      fs.utimesSync(path.join(dir, `f${f}`), old, old);
    }
    fs.utimesSync(dir, old, old);
  }
  fs.utimesSync(big, old, old);
  fs.writeFileSync(path.join(root, 'small'), 'y');
  fs.utimesSync(path.join(root, 'small'), old, old);
  return { base, root, state: path.join(base, 'state'), big };
}

/** big's subdirectories left, read cheaply: a directory's link count is 2 plus its subdirectories (ext4, tmpfs, xfs). */
function dirsLeft(big: string): number {
  try {
    return fs.statSync(big).nlink - 2;
  } catch {
    return 0;
  }
}

/** `clean` killed with SIGKILL while it deletes `big`; returns once it is dead, big half-deleted. */
async function killMidDeletion(c: ReturnType<typeof oldCache>): Promise<void> {
  expect(dirsLeft(c.big)).toBe(DIRS); // the link count is what this test watches
  const run = startCli(['clean', c.root, ...ARGS], { stateDir: c.state });
  let done: RunResult | undefined;
  void run.done.then((r) => (done = r));
  await waitUntil('the deletion of big under way', () => done !== undefined || dirsLeft(c.big) <= DIRS - KILL_AFTER_DIRS, 120_000);
  run.child.kill('SIGKILL');
  const r = await run.done;
  expect(r.signal).toBe('SIGKILL'); // killed, not finished: otherwise DIRS is too small for this machine
  expect(dirsLeft(c.big)).toBeGreaterThan(0);
}

/** A clean after the kill: the dead run's lock is taken over once stale (5 s); until then the run exits 3. */
async function cleanAfterKill(c: ReturnType<typeof oldCache>): Promise<RunResult> {
  for (let tries = 0; ; tries++) {
    const r = await runCli(['clean', c.root, ...ARGS, '--json'], { stateDir: c.state });
    if (r.code !== 3 || tries >= 30) return r;
    await new Promise((ok) => setTimeout(ok, 1000));
  }
}

const byName = (doc: Record<string, any>): Record<string, any> => Object.fromEntries(doc.entries.map((e: any) => [e.name, e]));

beforeAll(assertBuilt);

describe('a clean killed in the middle of a deletion (issue 12, case 12)', () => {
  let made: string[] = [];
  afterEach(() => {
    for (const d of made) removeDir(d);
    made = [];
  });

  it.each(Array.from({ length: RUNS }, (_, i) => i + 1))(
    'the next plan and status report the interrupted deletion; a pinned one is kept; the next clean finishes it (run %i)',
    async () => {
      const c = oldCache();
      made.push(c.base);
      await killMidDeletion(c);
      const left = fs.readdirSync(c.big).length;

      const plan = await runCli(['plan', c.root, ...PLAN, '--json'], { stateDir: c.state });
      if (plan.code !== 0) throw new Error(describeRun(plan));
      const big = byName(parseJson(plan)).big;
      // Not too-young, not not-expired: the deletion is finished, as the killed run decided.
      expect(big).toEqual(expect.objectContaining({ decision: 'evict', reason: 'interrupted', order: 1 }));
      expect(big.detail).toMatch(/^deletion by run 1 \(expired\) began .* and was interrupted: \d+ of 33001 files and directories left$/);
      expect(big.interrupted).toEqual(expect.objectContaining({ run: 1, reason: 'expired', plannedNodes: NODES }));
      expect(big.interrupted.nodesLeft).toBeLessThan(NODES);

      const status = await runCli(['status', c.root, '--json'], { stateDir: c.state });
      const sdoc = parseJson(status);
      expect(byName(sdoc).big.interrupted).toEqual(expect.objectContaining({ run: 1, plannedNodes: NODES }));
      expect(sdoc.unfinishedRuns).toEqual([expect.objectContaining({ id: 1, state: 'never-finished', finished: null, plannedEvict: 2 })]);
      const text = await runCli(['status', c.root], { stateDir: c.state });
      expect(text.stdout).toMatch(/^big .*deletion interrupted \(run 1, \d+ of 33001 left\)/m);
      expect(text.stdout).toMatch(/^runs that did not finish: 1\n {2}run 1 started .*: never recorded its end/m);

      // Pinned since: reported, not deleted.
      expect((await runCli(['pin', c.root, 'big'], { stateDir: c.state })).code).toBe(0);
      const held = await cleanAfterKill(c);
      if (held.code !== 0) throw new Error(describeRun(held));
      const kept = byName(parseJson(held)).big;
      expect(kept).toEqual(expect.objectContaining({ decision: 'keep', reason: 'pinned' }));
      expect(kept.detail).toMatch(/was interrupted: .*; left half-deleted while pinned$/);
      expect(fs.readdirSync(c.big).length).toBe(left);

      // Unpinned: the next clean finishes it.
      expect((await runCli(['unpin', c.root, 'big'], { stateDir: c.state })).code).toBe(0);
      const done = await runCli(['clean', c.root, ...ARGS, '--json'], { stateDir: c.state });
      expect(done.code).toBe(0);
      expect(parseJson(done).applied.deleted).toEqual(['big']);
      expect(fs.existsSync(c.big)).toBe(false);
      expect(fs.readdirSync(c.root)).toEqual([]);
      const after = parseJson(await runCli(['status', c.root, '--json'], { stateDir: c.state }));
      expect(after.unfinishedRuns).toEqual([expect.objectContaining({ id: 1, state: 'never-finished', openIntents: 0 })]);
    },
    300_000,
  );
});
