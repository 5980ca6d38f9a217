import fs from 'node:fs';
import path from 'node:path';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { readOpenIntents, readUnfinishedRuns, settleIntents, type IntentRecord } from '../../../src/usage/store/intents.js';
import { writeJournal } from '../../../src/usage/store/journal.js';
import { listEvictions } from '../../../src/usage/store/read.js';
import { MIGRATIONS } from '../../../src/usage/store/schema.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { finishRun, recordRun } from '../../../src/usage/store/write.js';
import { storePerTest } from '../../helpers/store.js';

const ROOT = '/srv/cache';
let dir: string;
let store: UsageStore;
const { reopen } = storePerTest((s, d) => ((store = s), (dir = d)), 'cachesweep-intents-');

function victim(name: string, ino: number, o: Partial<IntentRecord> = {}): IntentRecord {
  return {
    name,
    dev: 1,
    ino,
    kind: 'dir',
    nodes: 100,
    class: 'dir',
    reason: 'expired',
    detail: 'idle 3d, max-age 1d',
    strategy: 'age',
    how: 'planned',
    bytes: 4096,
    apparentBytes: 4096,
    hits: 0,
    lastUsedMs: 5,
    ...o,
  };
}

const run = (at: number, plannedEvict = 2): number =>
  recordRun(store, ROOT, { startedMs: at, strategy: 'age', layout: 'generic', plannedEvict }, [
    { name: 'a', dev: 1, ino: 10, kind: 'dir', bytes: 4096, apparentBytes: 4096, inUse: [] },
    { name: 'b', dev: 1, ino: 11, kind: 'dir', bytes: 4096, apparentBytes: 4096, inUse: [] },
  ]).runId;

const outcomes = () => store.db.prepare('SELECT run_id, name, outcome FROM deletion_intents ORDER BY id').all();

describe('the deletion journal in the store', () => {
  it('records intents before the deletions and closes them with their outcomes: a deletion closes an earlier run\'s intent too', () => {
    const r1 = run(1000);
    const [a1] = writeJournal(store, ROOT, r1, [], [victim('a', 10, { nodes: 400 })], 1000);
    // Run 1 died while deleting a. Run 2 finishes a, and skips b at its re-check.
    const r2 = run(2000);
    const [a2, b2] = writeJournal(store, ROOT, r2, [], [victim('a', 10, { reason: 'interrupted', how: 'completed', strategy: 'age' }), victim('b', 11)], 2000);
    expect(readOpenIntents(store, ROOT).map((i) => [i.id, i.runId, i.name, i.nodes])).toEqual([
      [a1, r1, 'a', 400],
      [a2, r2, 'a', 100],
      [b2, r2, 'b', 100],
    ]);
    writeJournal(
      store,
      ROOT,
      r2,
      [
        { intentId: a2!, record: victim('a', 10, { reason: 'interrupted', how: 'completed' }), outcome: 'deleted', atMs: 2100 },
        { intentId: b2!, record: victim('b', 11), outcome: 'skipped', atMs: 2200 },
      ],
      [],
      2300,
    );
    expect(outcomes()).toEqual([
      { run_id: r1, name: 'a', outcome: 'deleted' },
      { run_id: r2, name: 'a', outcome: 'deleted' },
      { run_id: r2, name: 'b', outcome: 'skipped' },
    ]);
    const ev = store.db.prepare('SELECT name, reason, how, run_id, at_ms FROM evictions').all();
    expect(ev).toEqual([{ name: 'a', reason: 'interrupted', how: 'completed', run_id: r2, at_ms: 2100 }]);
    expect(readOpenIntents(store, ROOT)).toEqual([]);
  });

  it('settles a dead run\'s intents: an entry gone is one eviction at the time of its oldest intent, an untouched one is closed', () => {
    const r1 = run(1000);
    writeJournal(store, ROOT, r1, [], [victim('a', 10), victim('b', 11)], 1000);
    const r2 = run(2000);
    writeJournal(store, ROOT, r2, [], [victim('a', 10, { reason: 'interrupted', how: 'completed' })], 2000);
    const r3 = run(3000);
    const open = readOpenIntents(store, ROOT);
    settleIntents(store, ROOT, r3, { gone: open.filter((i) => i.name === 'a'), notStarted: open.filter((i) => i.name === 'b') }, 3000);
    expect(listEvictions(store, ROOT).map((e) => [e.name, e.reason, e.run_id, e.at_ms, e.detail])).toEqual([
      ['a', 'expired', r1, 1000, `idle 3d, max-age 1d; recorded by run ${r3}: run ${r1} deleted it and stopped before recording it`],
    ]);
    expect(outcomes()).toEqual([
      { run_id: r1, name: 'a', outcome: 'gone' },
      { run_id: r1, name: 'b', outcome: 'not-started' },
      { run_id: r2, name: 'a', outcome: 'gone' },
    ]);
  });

  it('lists the runs that did not finish, newest first, with the intents each left open', () => {
    const r1 = run(1000);
    writeJournal(store, ROOT, r1, [], [victim('a', 10), victim('b', 11)], 1000); // killed
    const r2 = run(2000);
    finishRun(store, ROOT, r2, { finishedMs: 2500, deleted: 0, freedBytes: 0, interrupted: true }); // stopped by a signal
    const r3 = run(3000);
    finishRun(store, ROOT, r3, { finishedMs: 3500, deleted: 0, freedBytes: 0, interrupted: false }); // finished
    run(4000); // still running, or killed
    const all = readUnfinishedRuns(store, ROOT);
    expect(all.total).toBe(3);
    expect(all.runs.map((r) => [r.id, r.finishedMs, r.interrupted, r.openIntents])).toEqual([
      [4, null, false, 0],
      [r2, 2500, true, 0],
      [r1, null, false, 2],
    ]);
    expect(readUnfinishedRuns(store, ROOT, 1)).toEqual({ total: 3, runs: [expect.objectContaining({ id: 4 })] });
    expect(readUnfinishedRuns(store, '/elsewhere')).toEqual({ runs: [], total: 0 });
  });
});

describe('migration 2', () => {
  it('adds the journal to a version-1 store, and its evictions count as planned', () => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const v1 = openStoreForWrite(dir, { migrations: MIGRATIONS.slice(0, 1) });
    v1.db.exec(`INSERT INTO roots (path, created_ms) VALUES ('${ROOT}', 1)`);
    v1.db.exec("INSERT INTO evictions (root_id, name, class, at_ms, reason, strategy, bytes, apparent_bytes, hits) VALUES (1, 'old', 'file', 500, 'expired', 'age', 1, 1, 0)");
    v1.close();
    store = reopen();
    expect(store.db.prepare('SELECT name, how FROM evictions').all()).toEqual([{ name: 'old', how: 'planned' }]);
    expect(readOpenIntents(store, ROOT)).toEqual([]);
  });
});
