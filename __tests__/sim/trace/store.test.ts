import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { storeTrace } from '../../../src/sim/trace/store.js';
import { openStoreForWrite, storePath } from '../../../src/usage/store/open.js';
import { recordHit, recordRun } from '../../../src/usage/store/write.js';
import { readAll } from './read.js';
import { tempDir } from '../../helpers/cache.js';
import { REPO } from '../../helpers/paths.js';

const dir = tempDir('cachesweep-store-trace-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const stateDir = path.join(dir, 'state');
const root = '/srv/cache';
const T0 = Date.parse('2025-03-01T00:00:00Z');

const who = (name: string, ino: number) => ({ name, dev: 1, ino, kind: 'file' });

beforeAll(() => {
  const store = openStoreForWrite(stateDir);
  try {
    recordHit(store, root, who('a.img', 1), T0 + 5000);
    // a clean run measures a.img and b.img, and sees b.img in use (a use)
    recordRun(store, root, { startedMs: T0 + 10_000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [
      { ...who('a.img', 1), bytes: 4096, apparentBytes: 4000, inUse: [] },
      { ...who('b.img', 2), bytes: 8192, apparentBytes: 8000, inUse: ['open by qemu'] },
    ]);
    recordHit(store, root, who('b.img', 2), T0 + 20_000);
    recordHit(store, root, who('a.img', 1), T0 + 30_000);
    // touched, never measured by a clean run: no size
    recordHit(store, root, who('c.img', 3), T0 + 40_000);
    recordHit(store, root, who('c.img', 3), T0 + 41_000);
    recordHit(store, '/srv/other', who('z.img', 9), T0 + 50_000);
    // Two uses of b.img folded by the retention into one day's count (retention.ts): two uses at the day's latest.
    const b = store.db.prepare("SELECT id FROM entries WHERE name = 'b.img'").pluck().get();
    store.db.prepare('INSERT INTO use_days (entry_id, day, hits, in_use, last_ms) VALUES (?, ?, 1, 1, ?)').run(b, Math.floor((T0 - 86_400_000) / 86_400_000), T0 - 86_400_000);
  } finally {
    store.close();
  }
});

describe('the usage store as a trace', () => {
  test('hits and in-use observations of the root, and the uses folded into day counts, oldest first, with the measured size, in seconds', async () => {
    const r = await readAll(storeTrace(root, stateDir));
    const b = r.keys[0];
    const a = r.keys[2];
    expect(a).not.toBe(b);
    expect(r.keys).toEqual([b, b, a, b, b, a]);
    expect(r.sizes).toEqual([8192, 8192, 4096, 8192, 8192, 4096]);
    const day = (T0 - 86_400_000) / 1000;
    expect(r.times).toEqual([day, day, (T0 + 5000) / 1000, (T0 + 10_000) / 1000, (T0 + 20_000) / 1000, (T0 + 30_000) / 1000]);
    expect(r.info.hasTime).toBe(true);
  });

  test('an entry without a recorded size is one problem, its uses skipped', async () => {
    const r = await readAll(storeTrace(root, stateDir));
    expect(r.problems).toEqual([{ where: 'entry c.img', why: 'no size recorded (no clean run has measured it): its uses are skipped' }]);
  });

  test('reads a snapshot: the store file is not changed and no -wal or -shm file appears', async () => {
    const file = storePath(stateDir);
    const before = fs.statSync(file);
    const listing = fs.readdirSync(stateDir).sort();
    await readAll(storeTrace(root, stateDir));
    const after = fs.statSync(file);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(fs.readdirSync(stateDir).sort()).toEqual(listing);
  });

  test('a root the store does not know, and a missing store, are usage errors that say what there is', async () => {
    await expect(readAll(storeTrace('/srv/nothing', stateDir))).rejects.toThrow(/has nothing recorded for \/srv\/nothing \(it knows \/srv\/cache, \/srv\/other\)/);
    await expect(readAll(storeTrace(root, path.join(dir, 'none')))).rejects.toThrow(/--from-store: no usage store in/);
  });
});

test('the export query in docs/simulate.md gives the same uses, in the same order', async () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs/simulate.md'), 'utf8');
  const m = /sqlite3 -readonly -header -csv \S+ "([\s\S]*?)" >/.exec(doc);
  expect(m).not.toBeNull();
  const sql = m![1]!.replace("'/var/lib/nova/instances/_base'", `'${root}'`);
  const db = new Database(storePath(stateDir), { readonly: true });
  try {
    const rows = db.prepare(sql).all() as { time: number; id: number; size: number }[];
    const r = await readAll(storeTrace(root, stateDir));
    expect(rows.map((x) => x.id)).toEqual(r.keys);
    expect(rows.map((x) => x.size)).toEqual(r.sizes);
    expect(rows.map((x) => x.time)).toEqual(r.times.map((s) => Math.floor(s)));
  } finally {
    db.close();
  }
});
