import fs from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../../../src/usage/store/errors.js';
import { openStoreForWrite, openStoreSnapshot, storePath } from '../../../src/usage/store/open.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../src/usage/store/schema.js';
import { readRootHistory } from '../../../src/usage/store/read.js';
import { readState } from '../../../src/usage/store/state.js';
import { recordHit } from '../../../src/usage/store/write.js';
import { fakeEntry } from '../../helpers/fixtures.js';
import { UsageError } from '../../../src/shared/errors.js';
import { tempDir } from '../../helpers/cache.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('cachesweep-migrate-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const raw = (): Database.Database => new Database(storePath(dir));
const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('a fresh store', () => {
  it('is created with the latest schema, WAL mode and the application id', () => {
    const store = openStoreForWrite(dir);
    store.close();
    const db = raw();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tables(db)).toEqual(['deletion_intents', 'entries', 'entry_state', 'eviction_days', 'evictions', 'hits', 'in_use', 'pins', 'refetched_names', 'refetches', 'retention_marks', 'roots', 'runs', 'store_identity', 'strategy_state', 'use_days']);
    db.close();
  });

  it('sets a busy timeout on the connection', () => {
    const store = openStoreForWrite(dir, { busyTimeoutMs: 1234 });
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    store.close();
  });

  it('is migrated once however often it is opened', () => {
    openStoreForWrite(dir).close();
    const again = openStoreForWrite(dir);
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });
});

describe('upgrading', () => {
  // A release after this one: the real migrations are what a store written today has.
  const next: Migration = {
    version: SCHEMA_VERSION + 1,
    description: 'test: a column added after release',
    sql: 'ALTER TABLE roots ADD COLUMN note TEXT;',
  };

  it('applies only the migrations after the file\'s version, keeping its data', () => {
    const current = openStoreForWrite(dir);
    recordHit(current, '/srv/cache', { name: 'a', dev: 1, ino: 2, kind: 'file' }, 1000);
    current.close();
    const up = openStoreForWrite(dir, { migrations: [...MIGRATIONS, next] });
    expect(up.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect((up.db.prepare("SELECT count(*) AS n FROM pragma_table_info('roots') WHERE name = 'note'").get() as { n: number }).n).toBe(1);
    expect(readRootHistory(up, '/srv/cache').entries[0]!.hitTimesMs).toEqual([1000]);
    up.close();
  });

  it('upgrades an older store only in memory for a dry run: the file keeps its version', () => {
    openStoreForWrite(dir).close();
    const before = fs.readFileSync(storePath(dir));
    const snap = openStoreSnapshot(dir, { migrations: [...MIGRATIONS, next] })!;
    expect(snap.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    snap.close();
    expect(fs.readFileSync(storePath(dir)).equals(before)).toBe(true);
    const db = raw();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses migrations that are not numbered 1, 2, 3...', () => {
    expect(() => openStoreForWrite(dir, { migrations: [{ ...next }] })).toThrow(/expected 1/);
  });
});

describe('version 4', () => {
  it('moves gdsf\'s L from version 1\'s columns into the strategy state, and drops them', () => {
    const v1 = openStoreForWrite(dir, { migrations: MIGRATIONS.slice(0, 1) });
    v1.db.exec(`
      INSERT INTO roots (id, path, created_ms, gdsf_l) VALUES (1, '/srv/cache', 0, 0.75), (2, '/srv/other', 0, 0);
      INSERT INTO entries (id, root_id, name, dev, ino, first_seen_ms, gdsf_base, gone_ms) VALUES
        (1, 1, 'used-late', 7, 1, 0, 0.5, NULL), (2, 1, 'used-early', 7, 2, 0, 0, NULL), (3, 1, 'gone', 7, 3, 0, 0.5, 10);
    `);
    v1.close();
    const up = openStoreForWrite(dir);
    const entries = ['used-late', 'used-early', 'gone'].map((name, i) => fakeEntry(name, 1, 0, { dev: 7, ino: i + 1 }));
    expect(readState(up, '/srv/cache', 'gdsf', entries)).toEqual({ root: { L: 0.75 }, atUse: new Map([['used-late', { L: 0.5 }], ['used-early', {}]]) });
    expect(readState(up, '/srv/other', 'gdsf', entries)).toEqual({ root: {}, atUse: new Map() });
    const columns = (t: string): string[] => (up.db.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name);
    expect([...columns('roots'), ...columns('entries')].filter((c) => c.startsWith('gdsf'))).toEqual([]);
    up.close();
  });
});

describe('refusals', () => {
  it('refuses a store written by a newer cachesweep, for writing and for reading, and leaves it alone', () => {
    openStoreForWrite(dir).close();
    const db = raw();
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(storePath(dir));
    expect(() => openStoreForWrite(dir)).toThrow(StoreError);
    expect(() => openStoreForWrite(dir)).toThrow(
      new RegExp(`schema version ${SCHEMA_VERSION + 1}, written by a newer cachesweep \\(this one knows up to ${SCHEMA_VERSION}\\)`),
    );
    expect(() => openStoreSnapshot(dir)).toThrow(/newer cachesweep/);
    expect(fs.readFileSync(storePath(dir)).equals(before)).toBe(true);
  });

  it('is a usage error (exit 2)', () => {
    expect(new StoreError('x')).toBeInstanceOf(UsageError);
  });

  it('refuses another program\'s SQLite database instead of adding tables to it', () => {
    const db = raw();
    db.exec('CREATE TABLE cached_images (image_id TEXT PRIMARY KEY)');
    db.close();
    expect(() => openStoreForWrite(dir)).toThrow(/not a cachesweep database/);
    expect(() => openStoreSnapshot(dir)).toThrow(/not a cachesweep database/);
    const again = raw();
    expect(tables(again)).toEqual(['cached_images']);
    again.close();
  });

  it('refuses a database with a foreign application id', () => {
    const db = raw();
    db.pragma('application_id = 12345');
    db.close();
    expect(() => openStoreForWrite(dir)).toThrow(/not a cachesweep database/);
  });
});
