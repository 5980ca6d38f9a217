import fs from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { markerPath, storeIdOf } from './identity.js';
import { schemaState } from './migrate.js';
import { APPLICATION_ID } from './schema.js';
import { openStoreForWrite, storePath } from './open.js';

/** What a reset did. */
export interface StoreReset {
  /** The store file of the state directory. */
  file: string;
  /** Where the old files went (the store, its -wal/-shm, its identity), empty when there was none. */
  movedAside: string[];
  /** What the old store held, when it could be read as a cachesweep store. */
  old: { id: string | null; pins: number; entries: number } | null;
  /** The new store's id. */
  id: string;
}

/**
 * `cachesweep store reset`: the deliberate fresh start. The old store, whatever state it is in (healthy, emptied,
 * corrupt, replaced), is renamed aside with a timestamp (`usage.db.20250101T120000Z`, with its -wal/-shm and its
 * identity file), never deleted; then a new empty store is created with a new identity. A store another process has
 * open (a clean running) is refused: its WAL would follow neither file.
 */
export function resetStore(stateDir: string, nowMs: number): StoreReset {
  const file = storePath(stateDir);
  const old = fs.existsSync(file) ? settle(file) : null;
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let aside = `${file}.${stamp}`;
  for (let n = 2; [aside, `${aside}-wal`, `${aside}-shm`, markerPath(aside)].some((p) => lexists(p)); n++) aside = `${file}.${stamp}-${n}`;
  const movedAside: string[] = [];
  const moves: [string, string][] = [
    [file, aside],
    [`${file}-wal`, `${aside}-wal`],
    [`${file}-shm`, `${aside}-shm`],
    [markerPath(file), markerPath(aside)],
  ];
  for (const [from, to] of moves) {
    if (!lexists(from)) continue;
    fs.renameSync(from, to);
    movedAside.push(to);
  }
  const store = openStoreForWrite(stateDir);
  try {
    return { file, movedAside, old, id: storeIdOf(store.db) ?? '' };
  } finally {
    store.close();
  }
}

/**
 * Read what a cachesweep store holds and fold its WAL into the file (journal_mode DELETE), so that the file moved
 * aside is whole and no -wal is left to be replayed into the new store. That switch needs the store to itself: while
 * another process has it open, SQLite answers busy, and the reset is refused. Anything that is not a readable
 * cachesweep store (empty, corrupt, foreign, a link) is moved aside as it is: null.
 */
function settle(file: string): StoreReset['old'] {
  // Never opened through a link (SQLite would follow it, and write a -wal wherever it leads).
  if ([file, `${file}-wal`, `${file}-shm`].some((p) => lexists(p) && !fs.lstatSync(p).isFile())) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 1000 });
    const s = schemaState(db);
    if (s.applicationId !== APPLICATION_ID || s.version === 0) return null;
    const count = (table: string): number => (db!.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const held = { id: storeIdOf(db), pins: count('pins'), entries: count('entries WHERE gone_ms IS NULL') };
    db.pragma('journal_mode = DELETE');
    return held;
  } catch (err) {
    const code = String((err as { code?: string }).code ?? '');
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new StoreError(`usage store ${file} is open in another process (a cachesweep run?); reset it when that has finished`);
    }
    return null; // corrupt or unreadable: moved aside as it is
  } finally {
    db?.close();
  }
}

function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
