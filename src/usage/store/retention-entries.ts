import { statement } from './statement.js';
import type { UsageStore } from './store.js';

/**
 * Gone entries (evicted, or missing from a later run) that nothing points at any more are deleted: one gone before
 * `cutoff` (the raw horizon of evictions) with no use recorded (no hit, in-use observation or folded day: the uses of a
 * gone entry are what `simulate --from-store` replays), no eviction row and no re-fetch. Every other reader looks at
 * live entries only (the plan, status, the re-check, the rename check of a return). Without this a cache whose names
 * never repeat (ccache, Go) keeps a row per file it ever evicted, about 100 bytes each, for good.
 *
 * Entries are looked at once each, in (gone_ms, id) order from the mark the last run left (`retention_marks`): a gone
 * entry kept for its uses stays behind the mark and costs nothing again (a scan from the start each run would cross
 * every one of them). So `cutoff` must not pass an eviction still to fold: it points at its entry, which the mark
 * would pass for good. (An eviction kept because its name came back as an entry still in the cache does keep its
 * own entry's row for good: one row per such return.) Inside a write transaction; at most `limit` entries looked at.
 */
export function pruneGoneEntries(store: UsageStore, rootId: number, cutoff: number, limit: number): number {
  const mark = (statement(store, 'SELECT gone_ms, entry_id FROM retention_marks WHERE root_id = ?').get(rootId) as { gone_ms: number; entry_id: number } | undefined) ?? { gone_ms: 0, entry_id: 0 };
  store.db.exec('CREATE TEMP TABLE IF NOT EXISTS prune_entries (id INTEGER PRIMARY KEY, gone_ms INTEGER NOT NULL, unused INTEGER NOT NULL)');
  statement(store, 'DELETE FROM temp.prune_entries').run();
  const looked = statement(
    store,
    `INSERT INTO temp.prune_entries
     SELECT e.id, e.gone_ms,
       NOT EXISTS (SELECT 1 FROM hits WHERE entry_id = e.id) AND NOT EXISTS (SELECT 1 FROM in_use WHERE entry_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM use_days WHERE entry_id = e.id) AND NOT EXISTS (SELECT 1 FROM evictions WHERE entry_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM refetches WHERE entry_id = e.id)
     FROM entries e WHERE e.root_id = ? AND (e.gone_ms, e.id) > (?, ?) AND e.gone_ms < ? ORDER BY e.gone_ms, e.id LIMIT ?`,
  ).run(rootId, mark.gone_ms, mark.entry_id, cutoff, limit).changes;
  if (looked === 0) return 0;
  statement(store, 'DELETE FROM entry_state WHERE entry_id IN (SELECT id FROM temp.prune_entries WHERE unused)').run();
  const pruned = statement(store, 'DELETE FROM entries WHERE id IN (SELECT id FROM temp.prune_entries WHERE unused)').run().changes;
  statement(
    store,
    `INSERT INTO retention_marks (root_id, gone_ms, entry_id) SELECT ?, gone_ms, id FROM temp.prune_entries WHERE true ORDER BY gone_ms DESC, id DESC LIMIT 1
     ON CONFLICT (root_id) DO UPDATE SET gone_ms = excluded.gone_ms, entry_id = excluded.entry_id`,
  ).run(rootId);
  return pruned;
}
