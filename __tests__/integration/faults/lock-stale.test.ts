import fs from 'node:fs';
import path from 'node:path';
import { lockPathFor } from '../../../src/apply/lock.js';
import { makeCache, removeDir, snapshot, tempDir, ago } from '../../helpers/cache.js';
import { describeRun, parseJson, runCli, startCli } from '../../helpers/run.js';
import { MINUTE } from '../../helpers/units.js';
import { expectOnlyDeletedGone, makeHold, oldDir, oldFile, waitUntil } from '../../helpers/faults.js';
import { type PlanJson } from '../../helpers/json.js';

// kill -9 in the middle of a run: the lock stays behind; the next run is refused (3) while the lock is fresh, and
// takes it over, saying so, once it has not been refreshed for --lock-stale; that run completes the job.
const made: string[] = [];
afterAll(() => made.forEach(removeDir));

it('after SIGKILL the lock blocks the next run (exit 3) until it is stale; then a run takes it over, says so, and completes', async () => {
  const root = makeCache({ a: oldFile(), b: oldDir(3), c: oldFile(), young: { size: 10, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) } });
  const work = tempDir();
  made.push(root, work);
  const state = path.join(work, 'state');
  const lock = `${lockPathFor(state, root)}.lock`;
  const hold = makeHold(work);
  const killed = startCli(['clean', root, '--max-age', '1d', '--lock-stale', '5s', ...hold.args], { stateDir: state });
  await hold.planned(); // it holds the lock and has its plan: killed before its first deletion
  killed.child.kill('SIGKILL');
  const k = await killed.done;
  expect(k.signal).toBe('SIGKILL');
  expect(fs.existsSync(lock)).toBe(true); // left behind
  const before = snapshot(root);

  // the lock is fresh (refreshed every 1.25 s until the kill): with the default 2m stale period, surely refused
  const refused = await runCli(['clean', root, '--max-age', '1d'], { stateDir: state });
  expect({ code: refused.code, run: describeRun(refused) }).toEqual({ code: 3, run: describeRun(refused) });
  expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cachesweep: another cachesweep run holds the lock on /)]);
  expect(snapshot(root)).toEqual(before);

  // once it has not been refreshed for 5 s, a run with --lock-stale 5s takes it over
  await waitUntil('the lock to be 6 s old', () => Date.now() - fs.statSync(lock).mtimeMs > 6_000, 30_000);
  const r = await runCli(['clean', root, '--max-age', '1d', '--lock-stale', '5s', '--json'], { stateDir: state });
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  expect(r.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(new RegExp(`^cachesweep: warning: took over a stale lock on ${root} \\(not refreshed for \\d+s: the run that held it stopped without releasing it\\)$`)),
  ]);
  const applied = parseJson<PlanJson>(r).applied!;
  expect([...applied.deleted].sort()).toEqual(['a', 'b', 'c']);
  expectOnlyDeletedGone(before, snapshot(root), applied.deleted);
  expect(fs.existsSync(lock)).toBe(false); // released at the end
});
