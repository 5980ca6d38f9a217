import fs from 'node:fs';
import path from 'node:path';
import { readOpenIntents, readUnfinishedRuns, type IntentRecord } from '../../../src/usage/store/intents.js';
import { writeJournal, type Closing } from '../../../src/usage/store/journal.js';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { listEvictions } from '../../../src/usage/store/read.js';
import { CLOSED_INTENTS_MS, pruneLimit, pruneOldEvictions, RAW_EVICTIONS_MS } from '../../../src/usage/store/retention-evictions.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/usage/store/schema.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { finishRun, recordHit, recordRun } from '../../../src/usage/store/write.js';
import { storePerTest } from '../../helpers/store.js';

const ROOT = '/srv/cache';
const DAY = 86_400_000;
let dir: string;
let store: UsageStore;
const { reopen } = storePerTest((s, d) => ((store = s), (dir = d)), 'cachesweep-retention-ev-');

const victim = (name: string, ino: number): IntentRecord => ({
  name,
  dev: 1,
  ino,
  kind: 'file',
  nodes: 1,
  class: 'file',
  reason: 'over-threshold',
  detail: null,
  strategy: 'lru',
  how: 'planned',
  bytes: 4096,
  apparentBytes: 4096,
  hits: 0,
  lastUsedMs: null,
});

/**
 * One day of a deep cache as `clean` records it: a run that sees `n` new files, a journal that intends and deletes
 * them all (the test clock is the `at`/`nowMs` every store call takes), and the run's end, which prunes.
 */
function cleanDay(day: number, n: number, limit?: number): void {
  const at = day * DAY;
  const files = Array.from({ length: n }, (_, i) => victim(`d${day}/${String(i).padStart(40, '0')}`, day * 1_000_000 + i));
  const { runId } = recordRun(store, ROOT, { startedMs: at, strategy: 'lru', layout: 'generic', plannedEvict: n }, files.map((f) => ({ ...f, inUse: [] })));
  const ids = writeJournal(store, ROOT, runId, [], files, at);
  const done: Closing[] = files.map((record, i) => ({ intentId: ids[i]!, record, outcome: 'deleted', atMs: at + 1000 }));
  writeJournal(store, ROOT, runId, done, [], at + 2000);
  if (limit === undefined) finishRun(store, ROOT, runId, { finishedMs: at + 3000, deleted: n, freedBytes: n * 4096, interrupted: false });
  else store.write(() => pruneOldEvictions(store, count(`SELECT id FROM roots WHERE path = '${ROOT}'`), at + 3000, limit));
}

const count = (sql: string): number => store.db.prepare(sql).pluck().get() as number;
const tablePages = (): Record<string, number> =>
  Object.fromEntries((store.db.prepare('SELECT name, count(*) AS n FROM dbstat GROUP BY name').all() as { name: string; n: number }[]).map((r) => [r.name, r.n]));
const pages = (): number => {
  store.db.exec('VACUUM');
  return Number(store.db.pragma('page_count', { simple: true }));
};

describe('retention of evictions and deletion intents', () => {
  it('never prunes an open intent, however old; prunes closed ones after a day; keeps what the next run reads', () => {
    const now = 400 * DAY;
    const r1 = recordRun(store, ROOT, { startedMs: DAY, strategy: 'lru', layout: 'generic', plannedEvict: 1 }, []).runId;
    writeJournal(store, ROOT, r1, [], [victim('dead-run', 1)], DAY); // a run killed mid-deletion, a year ago
    const r2 = recordRun(store, ROOT, { startedMs: now - 2 * DAY, strategy: 'lru', layout: 'generic', plannedEvict: 2 }, []).runId;
    const [old, skipped] = writeJournal(store, ROOT, r2, [], [victim('old', 2), victim('skipped', 3)], now - 2 * DAY);
    writeJournal(store, ROOT, r2, [{ intentId: old!, record: victim('old', 2), outcome: 'deleted', atMs: now - 2 * DAY }], [], now - 2 * DAY);
    writeJournal(store, ROOT, r2, [{ intentId: skipped!, record: victim('skipped', 3), outcome: 'skipped', atMs: now - CLOSED_INTENTS_MS + 1 }], [], now);
    const open = readOpenIntents(store, ROOT);
    const unfinished = readUnfinishedRuns(store, ROOT);
    const rootId = count(`SELECT id FROM roots WHERE path = '${ROOT}'`);
    expect(store.write(() => pruneOldEvictions(store, rootId, now))).toEqual({ evictions: 0, intents: 1, entries: 0 });
    expect(store.db.prepare('SELECT name, outcome FROM deletion_intents ORDER BY id').all()).toEqual([
      { name: 'dead-run', outcome: null },
      { name: 'skipped', outcome: 'skipped' },
    ]);
    expect(readOpenIntents(store, ROOT)).toEqual(open);
    expect(readUnfinishedRuns(store, ROOT)).toEqual(unfinished);
    expect(listEvictions(store, ROOT).map((e) => e.name)).toEqual(['old']);
  });

  it('a deep cache evicting every day: the store stops growing once past the horizon', () => {
    const perDay = 2000;
    const horizon = RAW_EVICTIONS_MS / DAY;
    for (let d = 1; d <= horizon + 5; d++) cleanDay(d, perDay);
    const rows = () => ({ evictions: count('SELECT count(*) FROM evictions'), intents: count('SELECT count(*) FROM deletion_intents'), entries: count('SELECT count(*) FROM entries') });
    // Inside the window every eviction stays; a closed intent lives a day.
    expect(rows()).toEqual({ evictions: horizon * perDay, intents: perDay, entries: horizon * perDay });
    expect(listEvictions(store, ROOT, (horizon + 5) * DAY + 3000 - RAW_EVICTIONS_MS)).toHaveLength(horizon * perDay);
    const at = pages();
    const atTables = tablePages();
    for (let d = horizon + 6; d <= horizon + 25; d++) cleanDay(d, perDay);
    expect(rows()).toEqual({ evictions: horizon * perDay, intents: perDay, entries: horizon * perDay });
    const later = pages();
    const laterTables = tablePages();
    // Evictions, entries, their indexes and the intents take about the same pages 20 days later (kept: 1.83 times as
    // many); the file does not grow (a few pages: the folded days, the runs).
    for (const t of ['evictions', 'evictions_root_at', 'evictions_name', 'evictions_entry', 'deletion_intents', 'entries', 'entries_root']) expect(laterTables[t]!).toBeLessThan(atTables[t]! * 1.15);
    expect(later).toBeLessThan(at * 1.1);
    expect(count('SELECT sum(evictions) FROM eviction_days')).toBe(25 * perDay);
    expect(count('SELECT count(*) FROM eviction_days')).toBe(25);
  });

  it('a run whose share is exactly what a day adds still keeps pace: evictions, intents and entries', () => {
    const perDay = 300;
    for (let d = 1; d <= 40; d++) cleanDay(d, perDay, perDay);
    expect(count('SELECT count(*) FROM evictions')).toBe(30 * perDay);
    expect(count('SELECT count(*) FROM entries')).toBe(30 * perDay);
    expect(count('SELECT count(*) FROM deletion_intents')).toBe(perDay);
    expect(pruneLimit(1_000_000)).toBe(2_000_000); // a clean that deletes more than PRUNE_PER_RUN takes twice that
  });

  it('deletes a gone entry nothing points at; keeps one whose uses simulate --from-store replays, and passes it once', () => {
    const seen = (name: string, ino: number) => ({ ...victim(name, ino), inUse: [] });
    const day1 = recordRun(store, ROOT, { startedMs: DAY, strategy: 'lru', layout: 'generic', plannedEvict: 2 }, [seen('used', 1), seen('unused', 2), seen('live', 3)]).runId;
    recordHit(store, ROOT, victim('used', 1), DAY + 1);
    const ids = writeJournal(store, ROOT, day1, [], [victim('used', 1), victim('unused', 2)], DAY + 2);
    writeJournal(store, ROOT, day1, ids.map((intentId, i) => ({ intentId, record: victim(i === 0 ? 'used' : 'unused', i + 1), outcome: 'deleted', atMs: DAY + 3 })), [], DAY + 4);
    finishRun(store, ROOT, day1, { finishedMs: DAY + 5, deleted: 2, freedBytes: 0, interrupted: false });
    const names = () => store.db.prepare('SELECT name, gone_ms IS NULL AS live FROM entries ORDER BY id').all();
    expect(names()).toEqual([{ name: 'used', live: 0 }, { name: 'unused', live: 0 }, { name: 'live', live: 1 }]);
    const later = recordRun(store, ROOT, { startedMs: 40 * DAY, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen('live', 3)]).runId;
    finishRun(store, ROOT, later, { finishedMs: 40 * DAY, deleted: 0, freedBytes: 0, interrupted: false });
    expect(names()).toEqual([{ name: 'used', live: 0 }, { name: 'live', live: 1 }]);
    expect(count('SELECT (SELECT count(*) FROM hits) + (SELECT sum(hits) FROM use_days)')).toBe(1); // folded by then
    // The mark is past both: the next run does not look at 'used' again.
    expect(store.db.prepare('SELECT gone_ms, entry_id FROM retention_marks').all()).toEqual([{ gone_ms: DAY + 3, entry_id: 2 }]);
  });

  it('migrates a store written by the previous version: its evictions and intents kept, then folded by the next clean', () => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const v7 = openStoreForWrite(dir, { migrations: MIGRATIONS.slice(0, 7) });
    v7.db.exec(`INSERT INTO roots (path, created_ms) VALUES ('${ROOT}', 1);
      INSERT INTO runs (root_id, started_ms, strategy, layout, entries, planned_evict) VALUES (1, ${DAY}, 'lru', 'generic', 1, 1);
      INSERT INTO evictions (root_id, run_id, name, class, at_ms, reason, strategy, bytes, apparent_bytes, hits) VALUES (1, 1, 'old', 'file', ${DAY}, 'expired', 'lru', 5, 5, 0);
      INSERT INTO deletion_intents (root_id, run_id, name, dev, ino, nodes, class, kind, reason, strategy, how, bytes, apparent_bytes, hits, at_ms, done_ms, outcome)
        VALUES (1, 1, 'old', 1, 2, 1, 'file', 'file', 'expired', 'lru', 'planned', 5, 5, 0, ${DAY}, ${DAY}, 'deleted'),
               (1, 1, 'open', 1, 3, 1, 'file', 'file', 'expired', 'lru', 'planned', 5, 5, 0, ${DAY}, NULL, NULL);`);
    v7.close();
    store = reopen();
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(8);
    expect(listEvictions(store, ROOT).map((e) => e.name)).toEqual(['old']);
    const runId = recordRun(store, ROOT, { startedMs: 100 * DAY, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, []).runId;
    finishRun(store, ROOT, runId, { finishedMs: 100 * DAY, deleted: 0, freedBytes: 0, interrupted: false });
    expect(listEvictions(store, ROOT)).toEqual([]);
    expect(store.db.prepare('SELECT day, how, strategy, evictions, evicted_bytes, refetches FROM eviction_days').all()).toEqual([
      { day: 1, how: 'planned', strategy: 'lru', evictions: 1, evicted_bytes: 5, refetches: 0 },
    ]);
    expect(readOpenIntents(store, ROOT).map((i) => i.name)).toEqual(['open']);
    expect(count('SELECT count(*) FROM deletion_intents')).toBe(1);
  });
});
