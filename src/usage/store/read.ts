import { selfAndAbove } from '../../shared/names.js';
import type { EvictionHow } from '../../shared/regret.js';
import type { UsageStore } from './store.js';
import { dbName, fromDb } from './db-name.js';
import { statement } from './statement.js';

export interface RootRow {
  id: number;
  path: string;
}

/** An entry's identity as one string: its name under the root, its device and inode. */
export const identityKey = (name: string, dev: number, ino: number): string => `${name}\0${dev}\0${ino}`;

/** What the store knows about one live entry (not evicted, not found missing). */
export interface EntryHistory {
  id: number;
  name: string;
  dev: number;
  ino: number;
  firstSeenMs: number;
  lastSeenMs: number | null;
  /** Times of recorded hits (`cachesweep touch`), oldest first. */
  hitTimesMs: number[];
  /** Times of runs that saw the entry in use, oldest first. */
  inUseTimesMs: number[];
}

export interface RootHistory {
  root: RootRow | null;
  entries: EntryHistory[];
  /** Pinned names, with when each pin ends (null: until unpinned); ended pins included. */
  pins: Map<string, number | null>;
}

export interface EvictionRow {
  at_ms: number;
  name: string;
  class: string;
  reason: string;
  detail: string | null;
  strategy: string;
  bytes: number;
  apparent_bytes: number;
  hits: number;
  last_used_ms: number | null;
  run_id: number | null;
  /** planned | manual | completed */
  how: EvictionHow;
  /** When the name came back after this eviction (the latest it can have been), or null. */
  refetched_ms: number | null;
}

export function findRoot(store: UsageStore, rootPath: string): RootRow | null {
  return store.guard(() => {
    const r = store.db.prepare('SELECT id, path FROM roots WHERE path = ?').get(rootPath) as RootRow | undefined;
    return r ? { id: r.id, path: r.path } : null;
  });
}

/** Everything recorded about a root's live entries, and its pins, in one read transaction. */
export function readRootHistory(store: UsageStore, rootPath: string): RootHistory {
  return store.guard(() =>
    store.db.transaction((): RootHistory => {
      const root = findRoot(store, rootPath);
      if (!root) return { root: null, entries: [], pins: new Map() };
      const rows = store.db
        .prepare('SELECT id, name, dev, ino, first_seen_ms, last_seen_ms FROM entries WHERE root_id = ? AND gone_ms IS NULL ORDER BY id')
        .all(root.id) as { id: number; name: string | Buffer; dev: number; ino: number; first_seen_ms: number; last_seen_ms: number | null }[];
      const byId = new Map<number, EntryHistory>();
      const entries = rows.map((r) => {
        const e: EntryHistory = {
          id: r.id,
          name: fromDb(r.name),
          dev: r.dev,
          ino: r.ino,
          firstSeenMs: r.first_seen_ms,
          lastSeenMs: r.last_seen_ms,
          hitTimesMs: [],
          inUseTimesMs: [],
        };
        byId.set(r.id, e);
        return e;
      });
      const live = 'SELECT id FROM entries WHERE root_id = ? AND gone_ms IS NULL';
      // Ordered by entry then time, as the (entry_id, at_ms) indexes are: each entry's times come oldest first, with no
      // sort of the whole table; rows as [entry_id, at_ms] arrays rather than objects.
      const times = (table: string) =>
        store.db.prepare(`SELECT entry_id, at_ms FROM ${table} WHERE entry_id IN (${live}) ORDER BY entry_id, at_ms`).raw().iterate(root.id) as Iterable<[number, number]>;
      for (const [id, at] of times('hits')) byId.get(id)?.hitTimesMs.push(at);
      for (const [id, at] of times('in_use')) byId.get(id)?.inUseTimesMs.push(at);
      return { root, entries, pins: readPins(store, root.id) };
    })(),
  );
}

/** A root's pins by name, with when each ends (null: until unpinned); ended pins included. */
export function readPins(store: UsageStore, rootId: number): Map<string, number | null> {
  const rows = statement(store, 'SELECT name, until_ms FROM pins WHERE root_id = ?').raw().all(rootId) as [string | Buffer, number | null][];
  return new Map(rows.map(([name, until]) => [fromDb(name), until]));
}

/**
 * Is this name, or a directory above it, pinned under this root at `now` (a pin without end, or one ending later)? A
 * fresh read, for the check right before a deletion.
 */
export function isPinned(store: UsageStore, rootPath: string, name: string, now: number): boolean {
  const names = selfAndAbove(name);
  const marks = names.map(() => '?').join(', ');
  const sql = `SELECT 1 FROM pins p JOIN roots r ON r.id = p.root_id WHERE r.path = ? AND p.name IN (${marks}) AND (p.until_ms IS NULL OR p.until_ms > ?)`;
  return store.guard(() => store.db.prepare(sql).get(rootPath, ...names.map(dbName), now) !== undefined);
}

/** A pin as the store keeps it. */
export interface PinRow {
  name: string;
  pinnedMs: number;
  /** When it stops protecting; null: until unpinned. */
  untilMs: number | null;
}

/** Every pin under a root (ended ones too), by name. */
export function listPins(store: UsageStore, rootPath: string): PinRow[] {
  return store.guard(() =>
    (
      store.db
        .prepare('SELECT p.name, p.pinned_ms, p.until_ms FROM pins p JOIN roots r ON r.id = p.root_id WHERE r.path = ? ORDER BY p.name')
        .all(rootPath) as { name: string | Buffer; pinned_ms: number; until_ms: number | null }[]
    ).map((r) => ({ name: fromDb(r.name), pinnedMs: r.pinned_ms, untilMs: r.until_ms })),
  );
}

/**
 * The re-check's fresh read of one victim, in one statement: is its name or a directory above it pinned at `now`,
 * and how many hits are recorded for this identity (and the latest). A prepared statement per depth of name.
 */
export function recheckRead(store: UsageStore, rootPath: string, who: { name: string; dev: number; ino: number }, now: number): { pinned: boolean; count: number; lastMs: number | null } {
  const names = selfAndAbove(who.name);
  const sql = (RECHECK_SQL[names.length] ??= recheckSql(names.length));
  const key = dbName(who.name);
  return store.guard(() => {
    const r = statement(store, sql).get(...names.map(dbName), now, key, who.dev, who.ino, key, who.dev, who.ino, rootPath) as { pinned: number; n: number; last: number | null } | undefined;
    return r ? { pinned: r.pinned === 1, count: r.n, lastMs: r.last } : { pinned: false, count: 0, lastMs: null };
  });
}

/**
 * The re-check's SQL for a name `depth` levels deep, built once per depth: built per victim, the 600-character
 * string cost its building and its hashing in the statement cache, 1.35 us a victim (0.14 s per 100,000).
 */
const RECHECK_SQL: string[] = [];

function recheckSql(depth: number): string {
  const marks = Array.from({ length: depth }, () => '?').join(', ');
  return `SELECT
      EXISTS (SELECT 1 FROM pins p WHERE p.root_id = r.id AND p.name IN (${marks}) AND (p.until_ms IS NULL OR p.until_ms > ?)) AS pinned,
      (SELECT count(h.at_ms) FROM hits h JOIN entries e ON e.id = h.entry_id WHERE e.root_id = r.id AND e.name = ? AND e.dev = ? AND e.ino = ? AND e.gone_ms IS NULL) AS n,
      (SELECT max(h.at_ms) FROM hits h JOIN entries e ON e.id = h.entry_id WHERE e.root_id = r.id AND e.name = ? AND e.dev = ? AND e.ino = ? AND e.gone_ms IS NULL) AS last
    FROM roots r WHERE r.path = ?`;
}

/** Evictions performed under a root, oldest first, optionally since a time. */
export function listEvictions(store: UsageStore, rootPath: string, sinceMs = 0): EvictionRow[] {
  return store.guard(
    () =>
      store.db
        .prepare(
          `SELECT e.at_ms, e.name, e.class, e.reason, e.detail, e.strategy, e.bytes, e.apparent_bytes, e.hits, e.last_used_ms, e.run_id,
             e.how, f.at_ms AS refetched_ms
           FROM evictions e JOIN roots r ON r.id = e.root_id LEFT JOIN refetches f ON f.eviction_id = e.id
           WHERE r.path = ? AND e.at_ms >= ? ORDER BY e.at_ms, e.id`,
        )
        .all(rootPath, sinceMs)
        .map((r) => ({ ...(r as EvictionRow), name: fromDb((r as { name: string | Buffer }).name) })),
  );
}
