import type Database from 'better-sqlite3';
import { storeError } from './errors.js';

/** An open usage store: the connection, where it lives, and whether this run may write to it. */
export class UsageStore {
  constructor(
    readonly db: Database.Database,
    /** The database file (for messages). */
    readonly file: string,
    /** False for a dry run's snapshot: every write method refuses. */
    readonly writable: boolean,
    readonly busyTimeoutMs: number,
  ) {}

  /** Run a query; SQLite failures (locked, corrupt, full) become one-line StoreErrors. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storeError(err, this.file, this.busyTimeoutMs);
    }
  }

  /** Run `fn` as one write transaction, taking the write lock first (BEGIN IMMEDIATE) so that waiting uses the busy timeout. */
  write<T>(fn: () => T): T {
    if (!this.writable) throw new Error(`usage store ${this.file} was opened read-only (a dry run writes nothing)`);
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
