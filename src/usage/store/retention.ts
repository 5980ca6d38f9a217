import { statement } from './statement.js';
import type { UsageStore } from './store.js';

const DAY_MS = 86_400_000;

/**
 * Hits and in-use observations younger than this stay one row each; older ones are folded into per-entry, per-day
 * counts (`use_days`). What reads them: the planner wants per entry the count and the latest (usage-read.ts), and
 * with --half-life each use's age; a day's uses then count at the day's latest one, at most 2^(1 day / half-life)
 * more than they would (a 7-day half-life: at most 10% on uses older than 30 days, whose weight is below 1/19
 * anyway). The re-check counts hits recorded since the plan, which are never this old.
 */
export const RAW_USES_MS = 30 * DAY_MS;

/**
 * Rows folded by one clean at most: the work a run adds stays bounded (about 0.2 s of CPU for 100,000 rows; a
 * store that has never been folded, a first run after an upgrade, is worked off over the next runs).
 */
export const FOLD_PER_RUN = 100_000;

export interface Folded {
  hits: number;
  inUse: number;
}

/**
 * Fold a root's uses older than RAW_USES_MS into `use_days`, the oldest first, at most `limit` rows. Run by a clean
 * at its end, under the root's lock, after its deletions: a fold of this root's hits can then never run between a
 * plan and its re-checks, which compare the count of hits the plan saw with a fresh count. Touch never folds.
 * Call inside a write transaction.
 */
export function foldOldUses(store: UsageStore, rootId: number, nowMs: number, limit = FOLD_PER_RUN): Folded {
  const cutoff = nowMs - RAW_USES_MS;
  store.db.exec('CREATE TEMP TABLE IF NOT EXISTS fold_rows (rid INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL, at_ms INTEGER NOT NULL)');
  const hits = foldTable(store, 'hits', rootId, cutoff, limit);
  const inUse = foldTable(store, 'in_use', rootId, cutoff, limit - hits);
  return { hits, inUse };
}

/** One table's old rows of the root: counted into their entry's day, then deleted. Returns how many. */
function foldTable(store: UsageStore, table: 'hits' | 'in_use', rootId: number, cutoff: number, limit: number): number {
  if (limit <= 0) return 0;
  statement(store, 'DELETE FROM temp.fold_rows').run();
  // Entry by entry through (entry_id, at_ms): each entry's old rows are the start of its range.
  const picked = statement(
    store,
    `INSERT INTO temp.fold_rows SELECT t.rowid, t.entry_id, t.at_ms FROM entries e JOIN ${table} t ON t.entry_id = e.id
     WHERE e.root_id = ? AND t.at_ms < ? LIMIT ?`,
  ).run(rootId, cutoff, limit).changes;
  if (picked === 0) return 0;
  const col = table === 'hits' ? 'hits' : 'in_use';
  statement(
    store,
    `INSERT INTO use_days (entry_id, day, hits, in_use, last_ms)
     SELECT entry_id, CAST(at_ms / ${DAY_MS} AS INTEGER) AS d, ${col === 'hits' ? 'count(*), 0' : '0, count(*)'}, max(at_ms) FROM temp.fold_rows WHERE true GROUP BY entry_id, d
     ON CONFLICT (entry_id, day) DO UPDATE SET ${col} = ${col} + excluded.${col}, last_ms = max(last_ms, excluded.last_ms)`,
  ).run();
  statement(store, `DELETE FROM ${table} WHERE rowid IN (SELECT rid FROM temp.fold_rows)`).run();
  return picked;
}
