import { refetchTime, type EvictionHow, type RegretRow } from '../regret.js';
import type { UsageStore } from './store.js';

/** What the store knows of one name's past evictions and returns (for the entry now under that name). */
export interface NameRegret {
  /** Evictions of the name that were followed by its return. */
  refetches: number;
  /** The last eviction of the name, whether or not it came back (ms). */
  lastEvictedMs: number;
}

/**
 * A name the store had no live entry for has just been met (by a clean run's scan or a touch): if cachesweep had
 * evicted that name and has not matched the eviction to a return yet, it has come back, and the bytes were fetched
 * again. Call inside the write transaction that created the entry. Not a return: the same device and inode already
 * present under another name since before the eviction, with the same size (a rename or a hard link of bytes that
 * never left); an eviction already matched (a name comes back once per eviction). Returns whether a re-fetch was
 * recorded.
 */
export function noteReturn(
  store: UsageStore,
  rootId: number,
  entry: { id: number; name: string; dev: number; ino: number; mtimeMs?: number; bytes?: number },
  seenMs: number,
  via: 'run' | 'touch',
): boolean {
  const db = store.db;
  const ev = db
    .prepare(
      `SELECT e.id, e.at_ms, e.bytes, f.id AS matched FROM evictions e LEFT JOIN refetches f ON f.eviction_id = e.id
       WHERE e.root_id = ? AND e.name = ? AND e.at_ms <= ? ORDER BY e.at_ms DESC, e.id DESC LIMIT 1`,
    )
    .get(rootId, entry.name, seenMs) as { id: number; at_ms: number; bytes: number; matched: number | null } | undefined;
  if (!ev || ev.matched !== null) return false;
  // Same size too (when known): an inode freed by a file deleted behind cachesweep's back is often reused at once
  // by the next file written, and that one may well be the re-fetch.
  const moved = db
    .prepare(
      `SELECT 1 FROM entries WHERE root_id = ? AND dev = ? AND ino = ? AND name <> ? AND gone_ms IS NULL AND first_seen_ms <= ?
       AND (? IS NULL OR bytes IS NULL OR bytes = ?) LIMIT 1`,
    )
    .get(rootId, entry.dev, entry.ino, entry.name, ev.at_ms, entry.bytes ?? null, entry.bytes ?? null);
  if (moved) return false;
  db.prepare('INSERT INTO refetches (eviction_id, entry_id, seen_ms, at_ms, bytes, via) VALUES (?, ?, ?, ?, ?, ?)').run(
    ev.id,
    entry.id,
    seenMs,
    refetchTime(ev.at_ms, seenMs, entry.mtimeMs),
    ev.bytes,
    via,
  );
  return true;
}

/** Every eviction under a root since a time, oldest first, with its re-fetch if the name came back. */
export function readRegretRows(store: UsageStore, rootPath: string, sinceMs = 0): RegretRow[] {
  return store.guard(() =>
    (
      store.db
        .prepare(
          `SELECT e.name, e.at_ms, e.how, e.strategy, e.reason, e.bytes, f.at_ms AS back_ms
           FROM evictions e JOIN roots r ON r.id = e.root_id LEFT JOIN refetches f ON f.eviction_id = e.id
           WHERE r.path = ? AND e.at_ms >= ? ORDER BY e.at_ms, e.id`,
        )
        .all(rootPath, sinceMs) as { name: string; at_ms: number; how: EvictionHow; strategy: string; reason: string; bytes: number; back_ms: number | null }[]
    ).map((r) => ({ name: r.name, evictedMs: r.at_ms, how: r.how, strategy: r.strategy, reason: r.reason, bytes: r.bytes, refetchedMs: r.back_ms })),
  );
}

/** Per name under a root: how often it came back after an eviction, and its last eviction. */
export function readNameRegret(store: UsageStore, rootId: number): Map<string, NameRegret> {
  const rows = store.db
    .prepare(
      `SELECT e.name, count(f.id) AS refetches, max(e.at_ms) AS last_ms
       FROM evictions e LEFT JOIN refetches f ON f.eviction_id = e.id WHERE e.root_id = ? GROUP BY e.name`,
    )
    .all(rootId) as { name: string; refetches: number; last_ms: number }[];
  return new Map(rows.map((r) => [r.name, { refetches: r.refetches, lastEvictedMs: r.last_ms }]));
}
