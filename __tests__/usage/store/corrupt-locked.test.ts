import fs from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../../../src/usage/store/errors.js';
import { openStoreForWrite, openStoreSnapshot, storePath } from '../../../src/usage/store/open.js';
import { readRootHistory } from '../../../src/usage/store/read.js';
import { recordHit } from '../../../src/usage/store/write.js';
import { tempDir } from '../../helpers/cache.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('cachesweep-corrupt-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const who = { name: 'img', dev: 1, ino: 42, kind: 'file' };

describe('a corrupt store', () => {
  it('of garbage bytes is refused for writing and reading, and never replaced', () => {
    const garbage = Buffer.alloc(16384);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    fs.writeFileSync(storePath(dir), garbage);
    expect(() => openStoreForWrite(dir)).toThrow(StoreError);
    expect(() => openStoreForWrite(dir)).toThrow(/usage store .*usage\.db is corrupt \(file is not a database\); run `cachesweep store reset`/);
    expect(() => openStoreSnapshot(dir)).toThrow(/is corrupt/);
    expect(fs.readFileSync(storePath(dir)).equals(garbage)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['usage.db']);
  });

  it('with a valid header but damaged pages fails with a StoreError when read', () => {
    const store = openStoreForWrite(dir);
    for (let i = 0; i < 300; i++) recordHit(store, '/srv/cache', { ...who, name: `img-${i}`, ino: i }, i);
    // Keep page 1 (the header) and the schema's pages, wreck the rest.
    const schemaPages = new Set((store.db.prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'").all() as { pageno: number }[]).map((r) => r.pageno));
    store.close();
    const bytes = fs.readFileSync(storePath(dir));
    expect(bytes.length).toBeGreaterThan(4096 * 4);
    for (let page = 2; page <= bytes.length / 4096; page++) if (!schemaPages.has(page)) bytes.fill(0xa5, (page - 1) * 4096, page * 4096);
    fs.writeFileSync(storePath(dir), bytes);
    // Opening reads the store's identity, reading its history the rest: whichever meets a damaged page says so.
    const read = () => readRootHistory(openStoreSnapshot(dir)!, '/srv/cache');
    expect(read).toThrow(StoreError);
    expect(read).toThrow(/is corrupt \(database disk image is malformed\)/);
  });
});

describe('a locked store', () => {
  it('fails a write with a StoreError once the busy timeout has passed, while another connection holds the write lock', () => {
    openStoreForWrite(dir).close();
    const holder = new Database(storePath(dir));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => openStoreForWrite(dir, { busyTimeoutMs: 100 })).toThrow(StoreError);
      expect(() => openStoreForWrite(dir, { busyTimeoutMs: 100 })).toThrow(/is locked by another process for more than 100 ms/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const ok = openStoreForWrite(dir, { busyTimeoutMs: 100 });
    expect(recordHit(ok, '/srv/cache', who, 5)).toBe(1);
    ok.close();
  });

  it('fails a hit recorded on an open store when the lock is taken after it was opened', () => {
    const store = openStoreForWrite(dir, { busyTimeoutMs: 100 });
    const holder = new Database(storePath(dir));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => recordHit(store, '/srv/cache', who, 5)).toThrow(/is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(recordHit(store, '/srv/cache', who, 6)).toBe(1);
    store.close();
  });

  it('can still be read by a dry run: WAL readers do not wait for writers', () => {
    const store = openStoreForWrite(dir);
    recordHit(store, '/srv/cache', who, 5);
    store.close();
    const holder = new Database(storePath(dir));
    holder.exec('BEGIN EXCLUSIVE');
    holder.prepare('INSERT INTO hits (entry_id, at_ms) VALUES (1, 6)').run();
    try {
      const snap = openStoreSnapshot(dir, { busyTimeoutMs: 100 })!;
      expect(readRootHistory(snap, '/srv/cache').entries[0]!.hitTimesMs).toEqual([5]);
      snap.close();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
