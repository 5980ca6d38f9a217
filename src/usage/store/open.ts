import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, storeError } from './errors.js';
import { assertSameStore, readMarker, storeCreatedMs, storeIdOf, writeMarker, type StoreState } from './identity.js';
import { assertUsable, migrate, schemaState, type SchemaState } from './migrate.js';
import { MIGRATIONS, type Migration } from './schema.js';
import { readSnapshot } from './snapshot.js';
import { UsageStore } from './store.js';

/** The store's file name in the state directory: one database for every cache root. */
export const STORE_FILE = 'usage.db';
/** How long a write waits for another process's write lock before giving up (ms). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;
/**
 * How long `touch` waits. A hit is only a usage record, and a touch that gives up loses it (the hook that ran it
 * fails, and the entry looks less used than it is), while waiting costs the hook nothing else. SQLite's busy
 * handler polls (sleeps of up to 100 ms between tries) instead of queueing, so with many writers one of them can
 * lose the race again and again: 8 processes of 200 hits each, every hit a synchronous commit, left a touch
 * waiting more than 5 s on a loaded machine (`SQLITE_BUSY`, exit 2). A minute is far beyond any wait seen there.
 */
export const TOUCH_BUSY_TIMEOUT_MS = 60_000;

export interface OpenOptions {
  busyTimeoutMs?: number;
  /** For tests of the migration runner; defaults to the real schema. */
  migrations?: readonly Migration[];
}

export function storePath(stateDir: string): string {
  return path.join(stateDir, STORE_FILE);
}

/**
 * Open the store for a run that writes (clean, touch, pin, unpin): create the state directory and the
 * database when missing, WAL mode, busy timeout, synchronous=FULL, then migrate to the latest schema.
 * An existing file that is corrupt, foreign or newer is refused (StoreError), never replaced.
 */
export function openStoreForWrite(stateDir: string, opts: OpenOptions = {}): UsageStore {
  const busy = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const file = storePath(stateDir);
  let db: Database.Database | undefined;
  try {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    assertRegularFiles(file);
    const marker = readMarker(file);
    const existed = fs.existsSync(file);
    if (!existed) assertSameStore(file, { kind: 'missing' }, marker); // before SQLite creates an empty one
    db = new Database(file, { timeout: busy });
    const migrations = opts.migrations ?? MIGRATIONS;
    // Read the header before anything can write to the file: garbage fails here (SQLITE_NOTADB).
    const s = schemaState(db);
    assertUsable(s, file, migrations.length);
    if (existed) assertSameStore(file, stateOf(db, s), marker);
    useWal(db, busy);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
    const id = storeIdOf(db);
    if (marker === null && id !== null) writeMarker(file, id, storeCreatedMs(db));
    return new UsageStore(db, file, true, busy);
  } catch (err) {
    db?.close();
    throw storeError(err, file, busy);
  }
}

/**
 * Open the store for a run that must write nothing (plan, clean --dry-run, status, history): null when
 * there is no store yet. The database is read as a snapshot into memory, so no file is created
 * (not even SQLite's -wal/-shm files) and no lock is taken; while a writer has uncommitted-to-disk
 * WAL frames the file is opened read-only instead. An older schema is migrated in the in-memory copy only.
 */
export function openStoreSnapshot(stateDir: string, opts: OpenOptions = {}): UsageStore | null {
  const busy = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const file = storePath(stateDir);
  const migrations = opts.migrations ?? MIGRATIONS;
  let db: Database.Database | undefined;
  try {
    assertRegularFiles(file);
    const marker = readMarker(file);
    const snap = readSnapshot(file);
    if (snap === null || (snap !== 'live' && snap.length === 0)) {
      assertSameStore(file, { kind: snap === null ? 'missing' : 'empty' }, marker);
      return null;
    }
    if (snap === 'live') {
      db = new Database(file, { readonly: true, fileMustExist: true, timeout: busy });
      const s = schemaState(db);
      assertUsable(s, file, migrations.length);
      assertSameStore(file, stateOf(db, s), marker);
      if (s.version === 0) return close(db);
      if (s.version < migrations.length) {
        throw new StoreError(
          `usage store ${file} has the older schema version ${s.version} and another process is writing to it; try again, or run a clean or touch, which upgrades it`,
        );
      }
      return new UsageStore(db, file, false, busy);
    }
    db = new Database(snap);
    const s = schemaState(db);
    assertUsable(s, file, migrations.length);
    assertSameStore(file, stateOf(db, s), marker); // before an older schema gets an identity in memory
    if (s.version === 0) return close(db);
    if (s.version < migrations.length) migrate(db, file, migrations);
    db.pragma('query_only = ON');
    return new UsageStore(db, file, false, busy);
  } catch (err) {
    db?.close();
    throw storeError(err, file, busy);
  }
}

/** What the file holds: nothing yet (a version-0 database without objects: new, or emptied), or a store and its id. */
function stateOf(db: Database.Database, s: SchemaState): StoreState {
  return s.version === 0 && s.objects === 0 ? { kind: 'empty' } : { kind: 'store', id: storeIdOf(db) };
}

/**
 * The store and SQLite's files beside it are regular files or absent. A symbolic link is refused, not followed:
 * `usage.db` linked to a missing path inside a cache created the store and its -wal/-shm there; a FIFO would hang
 * the snapshot read.
 */
function assertRegularFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(f);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    if (!st.isFile()) {
      throw new StoreError(`usage store ${f} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; cachesweep keeps its store as regular files in the state directory (point --state-dir elsewhere instead)`);
    }
  }
}

function close(db: Database.Database): null {
  db.close();
  return null;
}

/** Switch to WAL (a no-op once the file is in WAL mode). The switch needs a moment of exclusive access: retry while busy. */
function useWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      if (db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
    }
    if (Date.now() >= deadline) {
      throw Object.assign(new Error('could not switch the database to WAL mode'), { code: 'SQLITE_BUSY' });
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}
