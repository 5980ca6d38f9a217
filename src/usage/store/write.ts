import type { StateValues } from '../../policy/strategy.js';
import type { RootRow } from './read.js';
import { findRoot } from './read.js';
import { noteReturn } from './regret.js';
import { statement } from './statement.js';
import { copyStateToEntry, rootHasState, saveState } from './state.js';
import type { UsageStore } from './store.js';
import type { EvictionHow, EvictionRecord, Identity } from './records.js';
import { dbName } from './db-name.js';

export type { EvictionHow, EvictionRecord, Identity } from './records.js';


/** An entry as a clean run saw it. */
export interface SeenEntry extends Identity {
  bytes: number;
  apparentBytes: number;
  /** Why it was in use during this run (empty when it was not): each observation counts as a use. */
  inUse: string[];
}



export interface RunStart {
  startedMs: number;
  strategy: string;
  layout: string;
  plannedEvict: number;
}

export interface RunOutcome {
  finishedMs: number;
  deleted: number;
  freedBytes: number;
  interrupted: boolean;
}

/** The root's row, created on first use. Call inside a write transaction. */
export function ensureRoot(store: UsageStore, rootPath: string, now: number): RootRow {
  store.db.prepare('INSERT INTO roots (path, created_ms) VALUES (?, ?) ON CONFLICT (path) DO NOTHING').run(rootPath, now);
  return findRoot(store, rootPath)!;
}

/**
 * The live row of this identity, created when there is none: first seen now, which is a use (it takes the root's
 * strategy state). `hasState`: rootHasState, when the caller knows it.
 */
function ensureEntry(store: UsageStore, root: RootRow, who: Identity, now: number, hasState?: boolean): { id: number; created: boolean } {
  const found = store.db
    .prepare('SELECT id FROM entries WHERE root_id = ? AND name = ? AND dev = ? AND ino = ? AND gone_ms IS NULL')
    .get(root.id, dbName(who.name), who.dev, who.ino) as { id: number } | undefined;
  if (found) return { id: found.id, created: false };
  const r = store.db
    .prepare('INSERT INTO entries (root_id, name, dev, ino, kind, first_seen_ms) VALUES (?, ?, ?, ?, ?, ?)')
    .run(root.id, dbName(who.name), who.dev, who.ino, who.kind, now);
  const id = Number(r.lastInsertRowid);
  copyStateToEntry(store, root.id, id, hasState ?? rootHasState(store, root.id));
  return { id, created: true };
}

/** Record one use of an entry (`cachesweep touch`) in its own transaction. Returns the entry's recorded hits. */
export function recordHit(store: UsageStore, rootPath: string, who: Identity, now: number): number {
  return store.write(() => {
    const root = ensureRoot(store, rootPath, now);
    const { id, created } = ensureEntry(store, root, who, now);
    if (created) noteReturn(store, root.id, { ...who, id }, now, 'touch');
    store.db.prepare('INSERT INTO hits (entry_id, at_ms) VALUES (?, ?)').run(id, now);
    copyStateToEntry(store, root.id, id);
    return (store.db.prepare('SELECT count(*) AS n FROM hits WHERE entry_id = ?').get(id) as { n: number }).n;
  });
}

/** What `pin` found before it: no pin in force (none, or one that had ended), or the end of the one in force (null: none). */
export type PinBefore = { active: false } | { active: true; untilMs: number | null };

/**
 * Pin a name under a root until `untilMs` (null: until unpinned), replacing the end of a pin already there: a pin
 * given again says when it ends now. A pin that had ended starts afresh (its pinned_ms is now). Returns what was there.
 */
export function pin(store: UsageStore, rootPath: string, name: string, now: number, untilMs: number | null = null): PinBefore {
  return store.write(() => {
    const root = ensureRoot(store, rootPath, now);
    const key = dbName(name);
    const old = store.db.prepare('SELECT until_ms FROM pins WHERE root_id = ? AND name = ?').get(root.id, key) as { until_ms: number | null } | undefined;
    const active = old !== undefined && (old.until_ms === null || old.until_ms > now);
    if (old === undefined) store.db.prepare('INSERT INTO pins (root_id, name, pinned_ms, until_ms) VALUES (?, ?, ?, ?)').run(root.id, key, now, untilMs);
    else if (active) store.db.prepare('UPDATE pins SET until_ms = ? WHERE root_id = ? AND name = ?').run(untilMs, root.id, key);
    else store.db.prepare('UPDATE pins SET until_ms = ?, pinned_ms = ? WHERE root_id = ? AND name = ?').run(untilMs, now, root.id, key);
    return active ? { active: true, untilMs: old!.until_ms } : { active: false };
  });
}

/** Remove a pin. Returns false when the name was not pinned. */
export function unpin(store: UsageStore, rootPath: string, name: string): boolean {
  return store.write(
    () => store.db.prepare('DELETE FROM pins WHERE name = ? AND root_id = (SELECT id FROM roots WHERE path = ?)').run(dbName(name), rootPath).changes > 0,
  );
}

/**
 * Record a clean run before anything is deleted: the run, every entry seen (first seen, last seen, size),
 * the in-use observations (each a use: the entry takes the root's strategy state), and entries
 * recorded earlier that this scan no longer found (marked gone: if they come back, they are new entries).
 */
export function recordRun(store: UsageStore, rootPath: string, run: RunStart, seen: readonly SeenEntry[]): { runId: number; rootId: number } {
  return store.write(() => {
    const now = run.startedMs;
    const root = ensureRoot(store, rootPath, now);
    const runId = Number(
      store.db
        .prepare('INSERT INTO runs (root_id, started_ms, strategy, layout, entries, planned_evict) VALUES (?, ?, ?, ?, ?, ?)')
        .run(root.id, now, run.strategy, run.layout, seen.length, run.plannedEvict).lastInsertRowid,
    );
    const seenIds = new Set<number>();
    const touchSeen = store.db.prepare('UPDATE entries SET last_seen_ms = ?, bytes = ?, apparent_bytes = ?, kind = ? WHERE id = ?');
    const observe = store.db.prepare('INSERT INTO in_use (entry_id, run_id, at_ms, reasons) VALUES (?, ?, ?, ?)');
    const hasState = rootHasState(store, root.id);
    for (const e of seen) {
      const { id, created } = ensureEntry(store, root, e, now, hasState);
      if (created) noteReturn(store, root.id, { ...e, id }, now, 'run');
      seenIds.add(id);
      touchSeen.run(now, e.bytes, e.apparentBytes, e.kind, id);
      if (e.inUse.length > 0) {
        observe.run(id, runId, now, e.inUse.join('; '));
        copyStateToEntry(store, root.id, id, hasState);
      }
    }
    const live = store.db.prepare('SELECT id FROM entries WHERE root_id = ? AND gone_ms IS NULL').all(root.id) as { id: number }[];
    const gone = store.db.prepare('UPDATE entries SET gone_ms = ? WHERE id = ?');
    for (const { id } of live) if (!seenIds.has(id)) gone.run(now, id);
    return { runId, rootId: root.id };
  });
}

/** Record a deletion right after it happened; the entry is gone from then on. */
export function recordEviction(store: UsageStore, rootPath: string, runId: number | null, ev: EvictionRecord, atMs: number): void {
  store.write(() => insertEviction(store, ensureRoot(store, rootPath, atMs).id, runId, ev, atMs));
}

/** The eviction row, and the entry marked gone. Call inside a write transaction (recordEviction, the deletion journal). */
export function insertEviction(store: UsageStore, rootId: number, runId: number | null, ev: EvictionRecord, atMs: number): void {
  const row = statement(store, 'SELECT id FROM entries WHERE root_id = ? AND name = ? AND dev = ? AND ino = ? AND gone_ms IS NULL').get(rootId, dbName(ev.name), ev.dev, ev.ino) as
    | { id: number }
    | undefined;
  statement(
    store,
    `INSERT INTO evictions (root_id, run_id, entry_id, name, class, at_ms, reason, detail, strategy, bytes, apparent_bytes, hits, last_used_ms, how)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(rootId, runId, row?.id ?? null, dbName(ev.name), ev.class, atMs, ev.reason, ev.detail, ev.strategy, ev.bytes, ev.apparentBytes, ev.hits, ev.lastUsedMs, ev.how ?? 'planned');
  if (row) statement(store, 'UPDATE entries SET gone_ms = ? WHERE id = ?').run(atMs, row.id);
}

/** A strategy's state as a clean run leaves it for the next (policy/strategy.ts StrategyState). */
export interface LeftState {
  strategy: string;
  values: StateValues;
}

/** Close a run: what it deleted, and the state its strategy leaves for the next run, if it keeps one. */
export function finishRun(store: UsageStore, rootPath: string, runId: number, out: RunOutcome, state?: LeftState): void {
  store.write(() => {
    store.db
      .prepare('UPDATE runs SET finished_ms = ?, deleted = ?, freed_bytes = ?, interrupted = ? WHERE id = ?')
      .run(out.finishedMs, out.deleted, out.freedBytes, out.interrupted ? 1 : 0, runId);
    if (state) saveState(store, ensureRoot(store, rootPath, out.finishedMs).id, state.strategy, state.values);
  });
}
