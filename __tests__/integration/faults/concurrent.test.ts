import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ago, makeCache, removeDir, snapshot, tempDir, type NodeSpec } from '../../helpers/cache.js';
import { describeRun, parseJson, startCli, type RunResult } from '../../helpers/run.js';
import { MINUTE } from '../../helpers/units.js';
import { expectOnlyDeletedGone, makeHold, oldDir, oldFile, waitUntil } from '../../helpers/faults.js';
import { type PlanJson } from '../../helpers/json.js';

// Ten `clean` runs started at once on one cache, with a state directory that does not exist yet (so they race to
// create it and the locks directory): one takes the lock and waits (hidden --hold-before-apply) until the nine
// others have ended; each of those exits 3 with the one-line lock message, having changed nothing. Then the one
// deletes the plan: every victim once, nothing else.
const RUNS = 10;
const made: string[] = [];
afterAll(() => made.forEach(removeDir));

it('ten runs at once: one runs, nine exit 3 with one line, no entry deleted twice, nothing outside the plan lost', async () => {
  const spec: Record<string, NodeSpec> = { young: { size: 10, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) } };
  for (let i = 0; i < 20; i++) spec[`v${String(i).padStart(2, '0')}`] = i % 2 ? oldFile() : oldDir(2);
  const root = makeCache(spec);
  const work = tempDir();
  made.push(root, work);
  const state = path.join(work, 'state'); // not created yet
  const hold = makeHold(work);
  const before = snapshot(root);

  const runs = Array.from({ length: RUNS }, () => startCli(['clean', root, '--max-age', '1d', '--json', ...hold.args], { stateDir: state }));
  const results: (RunResult | undefined)[] = new Array(RUNS);
  runs.forEach((r, i) => void r.done.then((res) => (results[i] = res)));
  await hold.planned();
  await waitUntil(`${RUNS - 1} runs to end`, () => results.filter(Boolean).length === RUNS - 1);
  expect(snapshot(root)).toEqual(before); // the nine changed nothing, and the one has not started deleting
  hold.go();
  const all = await Promise.all(runs.map((r) => r.done));

  const ran = all.filter((r) => r.code !== 3);
  const refused = all.filter((r) => r.code === 3);
  expect({ ran: ran.map(describeRun), refused: refused.length }).toEqual({ ran: [expect.stringMatching(/^exit 0\n/)], refused: RUNS - 1 });
  for (const r of refused) {
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cachesweep: another cachesweep run holds the lock on /)]);
  }
  const applied = parseJson<PlanJson>(ran[0]!).applied!;
  expect(applied.failed).toEqual([]);
  expect(applied.skipped).toEqual([]);
  const victims = Object.keys(spec).filter((n) => n !== 'young');
  expect([...applied.deleted].sort()).toEqual(victims);
  expectOnlyDeletedGone(before, snapshot(root), applied.deleted);

  // the store saw one run and each eviction once
  const db = new Database(path.join(state, 'usage.db'), { readonly: true });
  try {
    expect((db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(1);
    const names = (db.prepare('SELECT name FROM evictions ORDER BY name').all() as { name: string }[]).map((x) => x.name);
    expect(names).toEqual(victims);
  } finally {
    db.close();
  }
  expect(fs.readdirSync(root)).toEqual(['young']);
});
