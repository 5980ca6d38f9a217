import type { StoredState } from '../../policy/state.js';
import type { StateValues } from '../../policy/strategy.js';
import type { Entry } from '../../shared/types.js';
import { findRoot, identityKey } from './read.js';
import { statement } from './statement.js';
import { fromDb } from './db-name.js';
import type { UsageStore } from './store.js';

/**
 * The state of strategies that keep one between runs (policy/strategy.ts StrategyState), stored without knowing any
 * strategy: named numbers per root and strategy (`strategy_state`), and for each entry a copy of its root's numbers
 * made at each use of it (`entry_state`): when the store first sees it, at `touch`, when a clean run sees it in use.
 */

/**
 * The root's state at this moment becomes the entry's state at its last use. Call inside a write transaction;
 * `hasState` (rootHasState, when the caller knows it) saves the statement for the many entries of a root that has none.
 */
export function copyStateToEntry(store: UsageStore, rootId: number, entryId: number, hasState = true): void {
  if (!hasState) return;
  const sql = 'INSERT OR REPLACE INTO entry_state (entry_id, strategy, key, value) SELECT ?, strategy, key, value FROM strategy_state WHERE root_id = ?';
  statement(store, sql).run(entryId, rootId);
}

/** Whether any strategy has left state for this root. */
export function rootHasState(store: UsageStore, rootId: number): boolean {
  return store.db.prepare('SELECT 1 FROM strategy_state WHERE root_id = ? LIMIT 1').get(rootId) !== undefined;
}

/** Store what a clean run leaves (call inside a write transaction). A value that is not a finite number is not stored. */
export function saveState(store: UsageStore, rootId: number, strategy: string, values: StateValues): void {
  const put = store.db.prepare('INSERT OR REPLACE INTO strategy_state (root_id, strategy, key, value) VALUES (?, ?, ?, ?)');
  for (const [key, value] of Object.entries(values)) if (Number.isFinite(value)) put.run(rootId, strategy, key, value);
}

/**
 * A strategy's stored state for the scanned entries, in one read transaction: the root's values, and each entry's
 * values at its last use, for the entries the store knows (same name, device and inode: a replaced file is new).
 */
export function readState(store: UsageStore, rootPath: string, strategy: string, entries: readonly Entry[]): StoredState {
  return stateFor(readStateRows(store, rootPath, strategy), entries);
}

/** What the store holds of a strategy's state under a root: the root's values, and each live entry's by identity. */
export interface StateRows {
  root: StateValues;
  /** Every live entry's values at its last use (empty when it has none: the initial ones), by identityKey. */
  byIdentity: ReadonlyMap<string, StateValues>;
}

/** readState's reads, before the entries are known (provider.ts readAhead). */
export function readStateRows(store: UsageStore, rootPath: string, strategy: string): StateRows {
  return store.guard(() =>
    store.db.transaction((): StateRows => {
      const root = findRoot(store, rootPath);
      if (!root) return { root: {}, byIdentity: new Map() };
      const rootValues = valuesOf(
        store.db.prepare('SELECT key, value FROM strategy_state WHERE root_id = ? AND strategy = ?').raw().all(root.id, strategy) as [string, number][],
      );
      const byId = new Map<number, Record<string, number>>();
      const byIdentity = new Map<string, Record<string, number>>();
      const live = store.db.prepare('SELECT id, name, dev, ino FROM entries WHERE root_id = ? AND gone_ms IS NULL').raw().iterate(root.id);
      for (const [id, name, dev, ino] of live as Iterable<[number, string | Buffer, number, number]>) {
        const values: Record<string, number> = {};
        byId.set(id, values);
        byIdentity.set(identityKey(fromDb(name), dev, ino), values);
      }
      const rows = store.db
        .prepare(
          `SELECT s.entry_id, s.key, s.value FROM entry_state s JOIN entries e ON e.id = s.entry_id
           WHERE e.root_id = ? AND e.gone_ms IS NULL AND s.strategy = ?`,
        )
        .raw()
        .iterate(root.id, strategy) as Iterable<[number, string, number]>;
      for (const [id, key, value] of rows) byId.get(id)![key] = value;
      return { root: rootValues, byIdentity };
    })(),
  );
}

/** The stored state of these entries: each one's values by its identity. */
export function stateFor(rows: StateRows, entries: readonly Entry[]): StoredState {
  const atUse = new Map<string, StateValues>();
  for (const e of entries) {
    const values = rows.byIdentity.get(identityKey(e.name, e.fingerprint.dev, e.fingerprint.ino));
    if (values) atUse.set(e.name, values);
  }
  return { root: rows.root, atUse };
}

function valuesOf(rows: readonly [string, number][]): StateValues {
  const out: Record<string, number> = {};
  for (const [k, v] of rows) out[k] = v;
  return out;
}
