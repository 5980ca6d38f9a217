import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ago, type NodeSpec, makeTree, snapshot } from '../helpers/cache.js';
import { describeRun, parseJson, runCli, startCli } from '../helpers/run.js';
import { HOUR } from '../helpers/units.js';
import { expectOnlyDeletedGone, makeHold, oldFile } from '../helpers/faults.js';
import { type PlanJson } from '../helpers/json.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// SIGTERM or SIGINT during a long list of deletions: the run finishes the entry it is deleting, deletes no other,
// reports the rest as skipped, records the run as interrupted and exits 143 / 130; the next run completes the job.
// The signal is sent once the first victim is seen gone.
const VICTIMS = 150; // each deletion re-asks the in-use detectors (a walk of /proc): ~10 ms each, so the list lasts over a second
const FILES = 20;
let fsys: Tmpfs;
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 64 });
});
afterAll(() => fsys?.unmount());

const nameOf = (i: number): string => `d${String(i).padStart(3, '0')}`;

function longList(root: string): void {
  fs.mkdirSync(root);
  const now = Date.now();
  const spec: Record<string, NodeSpec> = {};
  for (let i = 0; i < VICTIMS; i++) {
    const t = ago((1000 - i) * HOUR, now); // d000 is the longest idle: evicted first
    const files: Record<string, NodeSpec> = {};
    for (let j = 0; j < FILES; j++) files[`f${j}`] = { size: 0, mtimeMs: t, atimeMs: t };
    spec[nameOf(i)] = { dir: files, mtimeMs: t, atimeMs: t };
  }
  spec.young = { size: 10 }; // never a victim: must survive both runs
  makeTree(root, spec);
}

it.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s stops after the current entry, records the run as interrupted, exits %i; the next run completes the job', async (sig, code) => {
  const root = path.join(fsys.dir, `cache-${sig}`);
  longList(root);
  const before = snapshot(root);

  const state = path.join(fsys.dir, `state-${sig}`); // on the tmpfs too: each eviction is an fsync'd store write
  const { child, done } = startCli(['clean', root, '--max-age', '1h', '--min-age', '1m', '--json'], { stateDir: state });
  const first = path.join(root, nameOf(0));
  const t0 = Date.now();
  while (fs.existsSync(first)) {
    if (Date.now() - t0 > 30_000) throw new Error('the first victim was never deleted');
    await new Promise((r) => setImmediate(r));
  }
  child.kill(sig);
  const r = await done;
  expect({ code: r.code, signal: r.signal, run: describeRun(r) }).toEqual({ code, signal: null, run: describeRun(r) });

  const doc = parseJson<PlanJson & { applied: { interrupted: boolean } }>(r);
  expect(doc.exitCode).toBe(code);
  const applied = doc.applied;
  expect(applied.interrupted).toBe(true);
  expect(applied.failed).toEqual([]);
  expect(applied.deleted.length).toBeGreaterThanOrEqual(1);
  expect(applied.deleted.length).toBeLessThan(VICTIMS); // it really stopped early
  // deleted in order, then every other victim skipped because of the signal
  expect(applied.deleted).toEqual(Array.from({ length: applied.deleted.length }, (_, i) => nameOf(i)));
  expect(applied.skipped.map((s) => s.name)).toEqual(
    Array.from({ length: VICTIMS - applied.deleted.length }, (_, i) => nameOf(applied.deleted.length + i)),
  );
  for (const s of applied.skipped) expect(s.why).toBe(`stopped by ${sig}`);
  // no entry is left half deleted: each is gone, or whole; nothing else changed
  expectOnlyDeletedGone(before, snapshot(root), applied.deleted);

  // the usage store has the run, marked interrupted, with what it did
  const db = new Database(path.join(state, 'usage.db'), { readonly: true });
  try {
    expect(db.prepare('SELECT planned_evict, deleted, interrupted, finished_ms IS NOT NULL AS finished FROM runs').all()).toEqual([
      { planned_evict: VICTIMS, deleted: applied.deleted.length, interrupted: 1, finished: 1 },
    ]);
    expect((db.prepare('SELECT count(*) AS n FROM evictions').get() as { n: number }).n).toBe(applied.deleted.length);
  } finally {
    db.close();
  }

  // the next run (same state) deletes every remaining victim and nothing else
  const again = await runCli(['clean', root, '--max-age', '1h', '--min-age', '1m', '--json'], { stateDir: state });
  expect({ code: again.code, run: describeRun(again) }).toEqual({ code: 0, run: describeRun(again) });
  const rest = parseJson<PlanJson>(again).applied!;
  expect(rest.deleted).toEqual(applied.skipped.map((s) => s.name));
  expect(rest.skipped).toEqual([]);
  expect(fs.readdirSync(root)).toEqual(['young']);
});

it('a signal after the plan and before the first deletion deletes nothing: every victim skipped, exit 143', async () => {
  const root = path.join(fsys.dir, 'cache-held');
  fs.mkdirSync(root);
  makeTree(root, { a: oldFile(), b: oldFile(), c: oldFile() });
  const before = snapshot(root);
  const hold = makeHold(fsys.dir);
  const { child, done } = startCli(['clean', root, '--max-age', '1d', '--json', ...hold.args], { stateDir: path.join(fsys.dir, 'state-held') });
  await hold.planned();
  child.kill('SIGTERM'); // the hold ends on the signal: no DIR/go is ever written
  const r = await done;
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 143, run: describeRun(r) });
  const applied = parseJson<PlanJson>(r).applied!;
  expect(applied.deleted).toEqual([]);
  expect(applied.skipped).toEqual(['a', 'b', 'c'].map((name) => ({ name, why: 'stopped by SIGTERM' })));
  expect(snapshot(root)).toEqual(before);
});
