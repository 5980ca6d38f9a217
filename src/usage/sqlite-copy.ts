import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isInside } from '../sys/paths.js';

/** The most of another program's SQLite database (and its WAL) read into memory: 256 MiB. */
export const SQLITE_COPY_LIMIT = 256 * 1024 * 1024;

/** Tries to read the files while their writer leaves them alone. */
const TRIES = 5;

interface Read {
  bytes: Buffer;
  st: fs.BigIntStats;
}

/** Why a database cannot be copied (the caller words it for its flag or provider). */
export class SqliteCopyError extends Error {}

/**
 * Open a private, consistent copy of another program's SQLite database, so that reading it writes nothing beside it.
 * Opened in place, even read-only, SQLite creates `-wal` and `-shm` files next to a WAL-mode database (a dry run
 * wrote cache.db-wal and cache.db-shm into Glance's cache). Without WAL frames the copy lives in memory; with them,
 * the file and its WAL are copied into a new private directory outside `keepOutOf` (SQLite replays the WAL there)
 * and removed after `use`. The files are opened without following a symbolic link, and must be regular files.
 */
export function withSqliteCopy<T>(file: string, keepOutOf: string, use: (db: Database.Database) => T): T {
  for (let i = 0; i < TRIES; i++) {
    const main = readFile(file, true);
    const wal = readFile(`${file}-wal`, false);
    const whole = BigInt(main.bytes.length) === main.st.size && (wal === null || BigInt(wal.bytes.length) === wal.st.size);
    if (!whole || !same(main.st, statOrNull(file)) || !same(wal?.st ?? null, statOrNull(`${file}-wal`))) continue;
    if (wal === null || wal.bytes.length === 0) return inMemory(main.bytes, use);
    return inPrivateDir(main.bytes, wal.bytes, keepOutOf, use);
  }
  throw new SqliteCopyError(`it kept changing while it was read (${TRIES} tries)`);
}

function inMemory<T>(bytes: Buffer, use: (db: Database.Database) => T): T {
  // A WAL-mode header (format bytes 2, 2) cannot be opened from memory: the copy is read as a rollback-journal file.
  if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = new Database(bytes);
  try {
    db.pragma('query_only = ON');
    return use(db);
  } finally {
    db.close();
  }
}

function inPrivateDir<T>(main: Buffer, wal: Buffer, keepOutOf: string, use: (db: Database.Database) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-sqlite-'));
  try {
    if (isInside(fs.realpathSync(dir), keepOutOf)) throw new SqliteCopyError(`the temporary directory ${dir} is inside ${keepOutOf}; set TMPDIR elsewhere`);
    const copy = path.join(dir, 'copy.db');
    fs.writeFileSync(copy, main, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(`${copy}-wal`, wal, { mode: 0o600, flag: 'wx' });
    const db = new Database(copy, { fileMustExist: true });
    try {
      db.pragma('query_only = ON');
      return use(db);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readFile(file: string, required: true): Read;
function readFile(file: string, required: false): Read | null;
function readFile(file: string, required: boolean): Read | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return null;
    throw new SqliteCopyError(code === 'ELOOP' ? `${file} is a symbolic link` : `${file} cannot be opened (${code ?? String(err)})`);
  }
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new SqliteCopyError(`${file} is not a regular file`);
    if (st.size > BigInt(SQLITE_COPY_LIMIT)) throw new SqliteCopyError(`${file} is larger than ${SQLITE_COPY_LIMIT / 1024 / 1024} MiB`);
    const bytes = Buffer.alloc(Number(st.size));
    let got = 0;
    while (got < bytes.length) {
      const n = fs.readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: bytes.subarray(0, got), st };
  } finally {
    fs.closeSync(fd);
  }
}

function statOrNull(p: string): fs.BigIntStats | null {
  try {
    return fs.lstatSync(p, { bigint: true });
  } catch {
    return null;
  }
}

/** The same file, untouched: identity, size and times (both absent counts as the same). */
function same(a: fs.BigIntStats | null, b: fs.BigIntStats | null): boolean {
  if (a === null || b === null) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}
