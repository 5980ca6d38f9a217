import fs from 'node:fs';
import path from 'node:path';
import { ago, makeTree, removeDir, tempDir } from '../helpers/cache.js';
import { cleanup } from '../helpers/in-use.js';
import { describeRun, parseJson, runCli, startCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';
import { makeHold } from '../helpers/faults.js';
import type { PlanJson } from '../helpers/json.js';
import { holdLikeOslo, locksOn } from '../helpers/locks.js';

// Nova's own lock, taken by clean in the nova layout: a victim whose `instances/locks/nova-<name>` another process
// holds (python3 fcntl.lockf, as oslo.concurrency takes it) once the plan is made is skipped as in use; the lock
// files of the images clean removes go with them, as Nova removes them; lock files of images long gone are
// reported and left in place.
const made: string[] = [];
afterEach(cleanup);
afterAll(() => made.forEach(removeDir));

const old = () => ({ size: 8192, mtimeMs: ago(3 * DAY), atimeMs: ago(3 * DAY) });
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = `${'c'.repeat(40)}_10737418240`;
const GONE = 'd'.repeat(40);

it("skips a victim whose Nova lock is taken after the plan, removes the lock files of the images it evicts, reports orphans", async () => {
  const instances = tempDir('cachesweep-nova-');
  const work = tempDir();
  made.push(instances, work);
  const base = path.join(instances, '_base');
  const locks = path.join(instances, 'locks');
  fs.mkdirSync(base);
  fs.mkdirSync(locks);
  makeTree(base, { [A]: old(), [B]: old(), [C]: { ...old(), mtimeMs: ago(2 * DAY), atimeMs: ago(2 * DAY) }, swap_512: old() });
  // Nova's lock of an image removed long ago (by an older Nova), and one of an image still there
  for (const n of [GONE, A]) fs.writeFileSync(path.join(locks, `nova-${n}`), '');
  fs.utimesSync(path.join(locks, `nova-${GONE}`), ago(5 * DAY) / 1000, ago(5 * DAY) / 1000);

  const hold = makeHold(work);
  const run = startCli(['clean', base, '--json', ...hold.args], { stateDir: path.join(work, 'state') });
  await hold.planned();
  const nova = await holdLikeOslo(path.join(locks, `nova-${B}`)); // Nova starts copying B after the plan was made
  hold.go();
  const r = await run.done;

  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  const doc = parseJson<PlanJson>(r);
  const a = doc.applied!;
  expect(a.failed).toEqual([]);
  expect(a.skipped).toEqual([{ name: B, why: `in use: Nova's lock ${path.join(locks, `nova-${B}`)} is held by another process` }]);
  expect([...a.deleted].sort()).toEqual([A, C, 'swap_512'].sort());
  expect(fs.readdirSync(base)).toEqual([B]);
  // A's and C's lock files went with them; swap's stays (Nova: remove_lock=False); B's is Nova's, still held
  expect(fs.readdirSync(locks).sort()).toEqual([`nova-${B}`, `nova-${GONE}`, 'nova-swap_512']);
  expect(locksOn(path.join(locks, `nova-${B}`))).toEqual([{ type: 'POSIX', pid: nova.pid }]);
  expect(doc.storage!.orphanedNovaLocks).toEqual({ dir: locks, count: 1, names: [`nova-${GONE}`] });

  // the orphan is reported in words too, and never removed
  await nova.stop();
  const plan = await runCli(['plan', base]);
  expect(plan.stdout).toContain(`note: 1 of Nova's lock files in ${locks} belongs to images no longer in the cache (nova-${GONE}): left in place`);
  expect(fs.existsSync(path.join(locks, `nova-${GONE}`))).toBe(true);
});
