import { refetchTime, summarizeRegret, type EvictionHow, type FoldedRegret, type RegretRow, type RegretSummary } from '../../shared/regret.js';
import type { UsageStore } from './store.js';
import { dbName, fromDb } from './db-name.js';
import { statement } from './statement.js';

/** An entry met under a name (as a run or a touch sees it). */
export interface Met {
  name: string;
  dev: number;
  ino: number;
  mtimeMs?: number;
  bytes?: number;
}

/**
 * The eviction that an entry the store has no live row for comes back from, if it does: the name's last eviction by
 * cachesweep, not matched to a return yet. Not a return: the same device and inode already present under another
 * name since before the eviction, with the same size (a rename or a hard link of bytes that never left).
 */
export function returnOf(store: UsageStore, rootId: number, met: Met, seenMs: number): { id: number; atMs: number; bytes: number } | null {
  const ev = statement(
    store,
    `SELECT e.id, e.at_ms, e.bytes, f.id AS matched FROM evictions e LEFT JOIN refetches f ON f.eviction_id = e.id
       WHERE e.root_id = ? AND e.name = ? AND e.at_ms <= ? ORDER BY e.at_ms DESC, e.id DESC LIMIT 1`,
  ).get(rootId, dbName(met.name), seenMs) as { id: number; at_ms: number; bytes: number; matched: number | null } | undefined;
  if (!ev || ev.matched !== null) return null;
  // Same size too (when known): an inode freed by a file deleted behind cachesweep's back is often reused at once
  // by the next file written, and that one may well be the re-fetch.
  const moved = statement(
    store,
    `SELECT 1 FROM entries WHERE root_id = ? AND dev = ? AND ino = ? AND name <> ? AND gone_ms IS NULL AND first_seen_ms <= ?
       AND (? IS NULL OR bytes IS NULL OR bytes = ?) LIMIT 1`,
  ).get(rootId, met.dev, met.ino, dbName(met.name), ev.at_ms, met.bytes ?? null, met.bytes ?? null);
  return moved ? null : { id: ev.id, atMs: ev.at_ms, bytes: ev.bytes };
}

/**
 * A name the store had no live entry for has just been met (by a clean run's scan or a touch): when it comes back
 * from an eviction (returnOf), the bytes were fetched again: record the re-fetch, once per eviction. Call inside the
 * write transaction that created the entry. Returns whether a re-fetch was recorded.
 */
export function noteReturn(store: UsageStore, rootId: number, entry: Met & { id: number }, seenMs: number, via: 'run' | 'touch'): boolean {
  const ev = returnOf(store, rootId, entry, seenMs);
  if (!ev) return false;
  store.db
    .prepare('INSERT INTO refetches (eviction_id, entry_id, seen_ms, at_ms, bytes, via) VALUES (?, ?, ?, ?, ?, ?)')
    .run(ev.id, entry.id, seenMs, refetchTime(ev.atMs, seenMs, entry.mtimeMs), ev.bytes, via);
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
        .all(rootPath, sinceMs) as { name: string | Buffer; at_ms: number; how: EvictionHow; strategy: string; reason: string; bytes: number; back_ms: number | null }[]
    ).map((r) => ({ name: fromDb(r.name), evictedMs: r.at_ms, how: r.how, strategy: r.strategy, reason: r.reason, bytes: r.bytes, refetchedMs: r.back_ms })),
  );
}

/** The store's regret for a root, summed: its eviction rows and what retention folded into day counts. */
export function storeRegret(store: UsageStore, rootPath: string): RegretSummary {
  return summarizeRegret(readRegretRows(store, rootPath), undefined, readFoldedRegret(store, rootPath));
}

/** The totals of a root's evictions older than the raw horizon (retention-evictions.ts), for summarizeRegret. */
export function readFoldedRegret(store: UsageStore, rootPath: string): FoldedRegret {
  return store.guard(() => {
    const sums = 'sum(d.evictions) AS evictions, sum(d.evicted_bytes) AS evictedBytes, sum(d.refetches) AS refetches, sum(d.refetched_bytes) AS refetchedBytes';
    const w = (c: string) => `sum(d.${c}) AS ${c}, sum(d.${c}_bytes) AS ${c}_bytes`;
    const totals = store.db
      .prepare(
        `SELECT d.how, d.strategy, ${sums}, ${w('within_1h')}, ${w('within_24h')}, ${w('within_7d')}
         FROM eviction_days d JOIN roots r ON r.id = d.root_id WHERE r.path = ? GROUP BY d.how, d.strategy`,
      )
      .all(rootPath) as (FoldedRegret['totals'][number] & Record<string, number>)[];
    const names = store.db
      .prepare(
        `SELECT n.name, n.evictions, n.evicted_bytes AS evictedBytes, n.refetches, n.refetched_bytes AS refetchedBytes, n.last_refetched_ms AS lastRefetchedMs
         FROM refetched_names n JOIN roots r ON r.id = n.root_id WHERE r.path = ?`,
      )
      .all(rootPath) as (FoldedRegret['names'][number] & { name: string | Buffer })[];
    return {
      totals: totals.map((t) => ({
        how: t.how,
        strategy: t.strategy,
        evictions: t.evictions,
        evictedBytes: t.evictedBytes,
        refetches: t.refetches,
        refetchedBytes: t.refetchedBytes,
        windows: ['within_1h', 'within_24h', 'within_7d'].map((c) => ({ refetches: t[c]!, bytes: t[`${c}_bytes`]! })),
      })),
      names: names.map((n) => ({ ...n, name: fromDb(n.name) })),
    };
  });
}

/** Evictions kept only as daily totals (older than the raw horizon), of the UTC days from `sinceMs`'s on. */
export interface OlderEvictions {
  evictions: number;
  bytes: number;
  refetches: number;
  refetchedBytes: number;
  /** The first and last UTC day (ms of its midnight) they come from. */
  fromMs: number;
  toMs: number;
}

export function readOlderEvictions(store: UsageStore, rootPath: string, sinceMs = 0): OlderEvictions | null {
  return store.guard(() => {
    const r = store.db
      .prepare(
        `SELECT sum(d.evictions) AS evictions, sum(d.evicted_bytes) AS bytes, sum(d.refetches) AS refetches, sum(d.refetched_bytes) AS refetchedBytes,
           min(d.day) AS first, max(d.day) AS last
         FROM eviction_days d JOIN roots r ON r.id = d.root_id WHERE r.path = ? AND d.day >= ?`,
      )
      .get(rootPath, Math.floor(sinceMs / 86_400_000)) as { evictions: number | null; bytes: number; refetches: number; refetchedBytes: number; first: number; last: number };
    if (!r.evictions) return null;
    return { evictions: r.evictions, bytes: r.bytes, refetches: r.refetches, refetchedBytes: r.refetchedBytes, fromMs: r.first * 86_400_000, toMs: r.last * 86_400_000 };
  });
}

/** What the store knows of a root's returns: per name how often it came back, per entry how long after its eviction. */
export interface Returns {
  /** Evictions of each name that were followed by its return (folded ones too). */
  byName: Map<string, number>;
  /** For an entry that is a return: ms between the eviction and the return (the latest it can have been). */
  gapByEntry: Map<number, number>;
  /** Names cachesweep ever evicted under the root (only these can come back). */
  evicted: Set<string>;
}

export function readReturns(store: UsageStore, rootId: number): Returns {
  const rows = store.db
    .prepare('SELECT e.name, f.entry_id, f.at_ms - e.at_ms AS gap FROM refetches f JOIN evictions e ON e.id = f.eviction_id WHERE e.root_id = ?')
    .all(rootId) as { name: string | Buffer; entry_id: number; gap: number }[];
  const byName = new Map<string, number>();
  const gapByEntry = new Map<number, number>();
  for (const r of rows) {
    const name = fromDb(r.name);
    byName.set(name, (byName.get(name) ?? 0) + 1);
    gapByEntry.set(r.entry_id, r.gap);
  }
  const folded = store.db.prepare('SELECT name, refetches FROM refetched_names WHERE root_id = ?').all(rootId) as { name: string | Buffer; refetches: number }[];
  for (const f of folded) {
    const name = fromDb(f.name);
    byName.set(name, (byName.get(name) ?? 0) + f.refetches);
  }
  const names = store.db.prepare('SELECT DISTINCT name FROM evictions WHERE root_id = ?').pluck().all(rootId) as (string | Buffer)[];
  return { byName, gapByEntry, evicted: new Set(names.map(fromDb)) };
}
