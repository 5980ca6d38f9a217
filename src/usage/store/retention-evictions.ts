import { statement } from './statement.js';
import type { UsageStore } from './store.js';
import { pruneGoneEntries } from './retention-entries.js';

const DAY_MS = 86_400_000;

/**
 * Evictions (with their re-fetches) younger than this stay one row each; older ones are folded into per-day totals
 * (`eviction_days`) and, for names that came back, per-name counts (`refetched_names`). What reads the rows: `history`
 * lists them (the documented period is `--since 30d`); the regret windows are measured from an eviction, the longest
 * 7d; a name that comes back is matched to its last eviction (returnOf), so a return more than this after the
 * eviction is no longer a re-fetch (it is a new download of an image nobody asked for in a month). The totals keep
 * status, the reports, the metrics counters and `ghost`'s count of returns per name the same.
 */
export const RAW_EVICTIONS_MS = 30 * DAY_MS;

/**
 * Closed deletion intents are kept this long. Nothing reads a closed intent (the next run reads the open ones; the
 * eviction row of a deleted victim says the same as its intent): the day is for a person asking SQL what the last
 * runs skipped or failed. An OPEN intent is never pruned: it is how the next run learns that a deletion began.
 */
export const CLOSED_INTENTS_MS = DAY_MS;

/**
 * Rows folded or pruned by one clean at most, per kind: bounded work per run (as retention.ts's FOLD_PER_RUN), or
 * twice what the run deleted if more: a run that deletes more than this adds more rows than a fixed share would take
 * away, and the backlog would grow for good.
 */
export const PRUNE_PER_RUN = 100_000;

/** The share of one clean that deleted `deleted` entries. */
export const pruneLimit = (deleted: number): number => Math.max(PRUNE_PER_RUN, 2 * deleted);

export interface Pruned {
  evictions: number;
  intents: number;
  /** Gone entries deleted (retention-entries.ts). */
  entries: number;
}

/**
 * A root's evictions past RAW_EVICTIONS_MS folded, the oldest first, its closed intents past CLOSED_INTENTS_MS
 * deleted, and its gone entries nothing points at any more deleted (retention-entries.ts), at most `limit` of each.
 * Run by a clean at its end, under the root's lock, after its deletions (as foldOldUses). An eviction whose name came
 * back as an entry still in the cache keeps its rows: that entry's return gap (`ghost`'s probation) reads them.
 * Call inside a write transaction.
 */
export function pruneOldEvictions(store: UsageStore, rootId: number, nowMs: number, limit = PRUNE_PER_RUN): Pruned {
  const cutoff = nowMs - RAW_EVICTIONS_MS;
  const evictions = foldEvictions(store, rootId, cutoff, limit);
  // Only entries gone before the oldest eviction still to fold: that one points at its entry (gone when evicted),
  // which the mark would otherwise pass for good.
  const pending = statement(store, `SELECT e.at_ms ${FOLDABLE} ORDER BY e.at_ms LIMIT 1`).pluck().get(rootId, cutoff) as number | undefined;
  const entries = pruneGoneEntries(store, rootId, pending ?? cutoff, limit);
  const intents = statement(
    store,
    `DELETE FROM deletion_intents WHERE id IN (
       SELECT id FROM deletion_intents WHERE root_id = ? AND done_ms IS NOT NULL AND done_ms < ? ORDER BY id LIMIT ?)`,
  ).run(rootId, nowMs - CLOSED_INTENTS_MS, limit).changes;
  return { evictions, intents, entries };
}

/** A root's evictions before a time, but those whose name came back as an entry still in the cache. */
const FOLDABLE = `FROM evictions e LEFT JOIN refetches f ON f.eviction_id = e.id LEFT JOIN entries n ON n.id = f.entry_id
  WHERE e.root_id = ? AND e.at_ms < ? AND (f.id IS NULL OR n.gone_ms IS NOT NULL)`;

const within = (ms: number): string =>
  `count(CASE WHEN back_ms - at_ms <= ${ms} THEN 1 END), coalesce(sum(CASE WHEN back_ms - at_ms <= ${ms} THEN bytes END), 0)`;

function foldEvictions(store: UsageStore, rootId: number, cutoff: number, limit: number): number {
  if (limit <= 0) return 0;
  store.db.exec(`CREATE TEMP TABLE IF NOT EXISTS fold_evictions (
    id INTEGER PRIMARY KEY, refetch_id INTEGER, name NOT NULL, at_ms INTEGER NOT NULL, how TEXT NOT NULL, strategy TEXT NOT NULL, bytes INTEGER NOT NULL, back_ms INTEGER)`);
  statement(store, 'DELETE FROM temp.fold_evictions').run();
  const picked = statement(
    store,
    `INSERT INTO temp.fold_evictions
     SELECT e.id, f.id, e.name, e.at_ms, e.how, e.strategy, e.bytes, f.at_ms ${FOLDABLE} ORDER BY e.at_ms LIMIT ?`,
  ).run(rootId, cutoff, limit).changes;
  if (picked === 0) return 0;
  const sums = 'evictions, evicted_bytes, refetches, refetched_bytes';
  const add = (cols: string[]): string => cols.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
  const windows = ['within_1h', 'within_1h_bytes', 'within_24h', 'within_24h_bytes', 'within_7d', 'within_7d_bytes'];
  statement(
    store,
    `INSERT INTO eviction_days (root_id, day, how, strategy, ${sums}, ${windows.join(', ')})
     SELECT ?, CAST(at_ms / ${DAY_MS} AS INTEGER) AS d, how, strategy, count(*), sum(bytes), count(back_ms), coalesce(sum(CASE WHEN back_ms IS NOT NULL THEN bytes END), 0),
       ${within(3_600_000)}, ${within(DAY_MS)}, ${within(7 * DAY_MS)}
     FROM temp.fold_evictions WHERE true GROUP BY d, how, strategy
     ON CONFLICT (root_id, day, how, strategy) DO UPDATE SET ${add([...sums.split(', '), ...windows])}`,
  ).run(rootId);
  // Per name only the names that came back (the "came back most" list and ghost's count of returns need them): a
  // row per name evicted would grow with every eviction of a cache whose names never repeat (ccache, Go).
  statement(
    store,
    `INSERT INTO refetched_names (root_id, name, ${sums}, last_refetched_ms)
     SELECT @root, t.name, count(*), sum(t.bytes), count(t.back_ms), coalesce(sum(CASE WHEN t.back_ms IS NOT NULL THEN t.bytes END), 0), coalesce(max(t.back_ms), 0)
     FROM temp.fold_evictions t WHERE true GROUP BY t.name
     HAVING count(t.back_ms) > 0 OR EXISTS (SELECT 1 FROM refetched_names r WHERE r.root_id = @root AND r.name = t.name)
     ON CONFLICT (root_id, name) DO UPDATE SET ${add(sums.split(', '))}, last_refetched_ms = max(last_refetched_ms, excluded.last_refetched_ms)`,
  ).run({ root: rootId });
  statement(store, 'DELETE FROM refetches WHERE id IN (SELECT refetch_id FROM temp.fold_evictions WHERE refetch_id IS NOT NULL)').run();
  statement(store, 'DELETE FROM evictions WHERE id IN (SELECT id FROM temp.fold_evictions)').run();
  return picked;
}
