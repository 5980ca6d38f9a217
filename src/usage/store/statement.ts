import type Database from 'better-sqlite3';
import type { UsageStore } from './store.js';

/**
 * A statement prepared once per connection: compiling SQL costs about as much as running a small insert, and the
 * deletion journal inserts evictions by the thousand (and a first clean run copies strategy state to every entry).
 */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(store: UsageStore, sql: string): Database.Statement {
  let m = prepared.get(store.db);
  if (!m) prepared.set(store.db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = store.db.prepare(sql)));
  return st;
}
