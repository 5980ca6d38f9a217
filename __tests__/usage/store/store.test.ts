import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../../../src/shared/types.js';
import { mergeUsage } from '../../../src/usage/merge.js';
import { openStoreForWrite, openStoreSnapshot, storePath } from '../../../src/usage/store/open.js';
import { storeProvider } from '../../../src/usage/store/provider.js';
import { isPinned, listEvictions, listPins, readRootHistory } from '../../../src/usage/store/read.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { finishRun, pin, recordEviction, recordHit, recordRun, unpin } from '../../../src/usage/store/write.js';
import { tempDir } from '../../helpers/cache.js';
import { fakeEntry, identityOf as id, seenOf as seen } from '../../helpers/fixtures.js';
import { storePerTest } from '../../helpers/store.js';

const ROOT = '/srv/cache';
const OTHER = '/srv/other';

/** An entry of ROOT on device 7. */
const entry = (name: string, ino: number, bytes = 4096, timeMs = 0): Entry => fakeEntry(name, bytes, timeMs, { dev: 7, ino, path: path.join(ROOT, name) });
let store: UsageStore;
let dir: string;
const { reopen } = storePerTest((s, d) => ((store = s), (dir = d)), 'cachesweep-store-');

async function usageOf(entries: Entry[], s: UsageStore = store, halfLifeMs?: number) {
  const signals = await storeProvider(s, ROOT, halfLifeMs !== undefined ? { halfLifeMs } : {}).collect(entries, 0);
  return mergeUsage(entries, signals);
}

describe('hits', () => {
  it('are counted with their times, per root, and move last-used', async () => {
    const a = entry('a', 1);
    const b = entry('b', 2);
    expect(recordHit(store, ROOT, id(a), 1000)).toBe(1);
    expect(recordHit(store, ROOT, id(a), 3000)).toBe(2);
    recordHit(store, OTHER, id(b), 5000); // another root: not this one's history
    const u = await usageOf([a, b]);
    expect(u.get('a')).toMatchObject({ hits: 2, lastUsedMs: 3000, firstSeenMs: 1000 });
    expect(u.get('b')).toMatchObject({ hits: 0, lastUsedMs: 0 });
    expect(u.get('b')!.firstSeenMs).toBeUndefined();
    expect(readRootHistory(store, ROOT).entries[0]!.hitTimesMs).toEqual([1000, 3000]);
    // The times stay in the store: with a half-life it hands over their decayed sum (clock 0: a hit in the future counts 1).
    expect((await usageOf([a, b], store, 1000)).get('a')!.decayed).toEqual({ halfLifeMs: 1000, uses: 2, weight: 2 });
  });

  it('belong to a name on one device and inode: a replaced file (new inode) starts afresh', async () => {
    recordHit(store, ROOT, id(entry('a', 1)), 1000);
    const replaced = entry('a', 99);
    expect((await usageOf([replaced])).get('a')!.hits).toBe(0);
    expect(recordHit(store, ROOT, id(replaced), 2000)).toBe(1);
    expect((await usageOf([replaced])).get('a')).toMatchObject({ hits: 1, firstSeenMs: 2000 });
  });
});

describe('runs', () => {
  it('record first and last seen, and in-use observations that count as uses', async () => {
    const a = entry('a', 1);
    const b = entry('b', 2);
    recordRun(store, ROOT, { startedMs: 10_000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen(a), seen(b)]);
    recordHit(store, ROOT, id(a), 15_000);
    recordRun(store, ROOT, { startedMs: 20_000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen(a), seen(b, ['open by pid 42'])]);
    const u = await usageOf([a, b]);
    expect(u.get('a')).toMatchObject({ hits: 1, lastUsedMs: 15_000, firstSeenMs: 10_000 });
    expect(u.get('b')).toMatchObject({ hits: 1, lastUsedMs: 20_000, firstSeenMs: 10_000 });
    const row = store.db.prepare("SELECT first_seen_ms, last_seen_ms, bytes FROM entries WHERE name = 'b'").get();
    expect(row).toEqual({ first_seen_ms: 10_000, last_seen_ms: 20_000, bytes: 4096 });
    expect(store.db.prepare('SELECT reasons, run_id FROM in_use').all()).toEqual([{ reasons: 'open by pid 42', run_id: 2 }]);
  });

  it('say when an entry arrived only for one a later run found: what the first run or a touch before it saw was already there', async () => {
    const old = entry('old', 1); // there at the first run: its first_seen is when cachesweep looked, not an arrival
    const touched = entry('touched', 2); // touched before any run
    const late = entry('late', 3); // appeared between the first and the second run
    recordHit(store, ROOT, id(touched), 5_000);
    recordRun(store, ROOT, { startedMs: 10_000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen(old), seen(touched)]);
    recordRun(store, ROOT, { startedMs: 20_000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen(old), seen(touched), seen(late)]);
    const u = await usageOf([old, touched, late]);
    expect([u.get('old')!.firstSeenMs, u.get('old')!.arrivedByMs]).toEqual([10_000, undefined]);
    expect([u.get('touched')!.firstSeenMs, u.get('touched')!.arrivedByMs]).toEqual([5_000, undefined]);
    expect([u.get('late')!.firstSeenMs, u.get('late')!.arrivedByMs]).toEqual([20_000, 20_000]);
  });

  it('mark entries a scan no longer finds as gone: one that reappears with the same inode is a new entry', async () => {
    const a = entry('a', 1);
    recordHit(store, ROOT, id(a), 1000);
    recordRun(store, ROOT, { startedMs: 2000, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, []);
    expect((await usageOf([a])).get('a')!.hits).toBe(0);
    expect(readRootHistory(store, ROOT).entries).toEqual([]);
  });
});

describe('pins', () => {
  it('are by name, per root, and can be removed', async () => {
    const a = entry('a', 1);
    expect(pin(store, ROOT, 'a', 1)).toEqual({ active: false });
    expect(pin(store, ROOT, 'a', 2)).toEqual({ active: true, untilMs: null });
    expect(isPinned(store, ROOT, 'a', 3)).toBe(true);
    expect(isPinned(store, OTHER, 'a', 3)).toBe(false);
    expect((await usageOf([a])).get('a')!.pinned).toBe(true);
    expect((await usageOf([entry('a', 55)])).get('a')!.pinned).toBe(true); // replaced file: still pinned
    expect(unpin(store, ROOT, 'a')).toBe(true);
    expect(unpin(store, ROOT, 'a')).toBe(false);
    expect((await usageOf([a])).get('a')!.pinned).toBe(false);
  });

  it('added after collect are seen by recheck, right before a deletion', async () => {
    const a = entry('a', 1);
    const provider = storeProvider(store, ROOT);
    await provider.collect([a], 0);
    expect(provider.recheck!(a, 0)).toEqual([]);
    // Another process pins it while the run is under way.
    const other = openStoreForWrite(dir);
    pin(other, ROOT, 'a', 5);
    other.close();
    expect(provider.recheck!(a, 0)).toEqual(['pinned with cachesweep pin after the plan was made']);
  });
});

describe('pins that end', () => {
  it('protect until their end and not after, with no unpin; given again, the pin says when it ends now', async () => {
    const a = entry('a', 1);
    expect(pin(store, ROOT, 'a', 1000, 3000)).toEqual({ active: false });
    expect([isPinned(store, ROOT, 'a', 2999), isPinned(store, ROOT, 'a', 3000)]).toEqual([true, false]);
    const provider = storeProvider(store, ROOT);
    expect(mergeUsage([a], await provider.collect([a], 2000)).get('a')).toMatchObject({ pinned: true, pinnedUntilMs: 3000 });
    expect(mergeUsage([a], await provider.collect([a], 3000)).get('a')!.pinned).toBe(false);
    expect(provider.recheck!(a, 3000)).toEqual([]);
    expect(pin(store, ROOT, 'a', 2000, null)).toEqual({ active: true, untilMs: 3000 }); // now without end
    expect(isPinned(store, ROOT, 'a', 1e12)).toBe(true);
    expect(pin(store, ROOT, 'a', 2500, 2600)).toEqual({ active: true, untilMs: null });
    expect(pin(store, ROOT, 'a', 4000, 9000)).toEqual({ active: false }); // the last one had ended: a new pin
    expect(listPins(store, ROOT)).toEqual([{ name: 'a', pinnedMs: 4000, untilMs: 9000 }]);
  });

  it('may name an entry that does not exist yet: it applies when the entry appears', async () => {
    pin(store, ROOT, 'later.img', 1000, null);
    const provider = storeProvider(store, ROOT);
    expect(mergeUsage([], await provider.collect([], 1000)).size).toBe(0);
    const later = entry('later.img', 7);
    expect(mergeUsage([later], await provider.collect([later], 5000)).get('later.img')!.pinned).toBe(true);
  });
});

describe('evictions', () => {
  it('are recorded with when, why, bytes and strategy, and end the entry\'s history', async () => {
    const a = entry('a', 1, 8192);
    recordHit(store, ROOT, id(a), 500);
    const { runId } = recordRun(store, ROOT, { startedMs: 1000, strategy: 'gdsf', layout: 'generic', plannedEvict: 1 }, [seen(a)]);
    recordEviction(
      store,
      ROOT,
      runId,
      { ...id(a), class: 'file', reason: 'over-threshold', detail: null, strategy: 'gdsf', bytes: 8192, apparentBytes: 8000, hits: 1, lastUsedMs: 500 },
      1100,
    );
    finishRun(store, ROOT, runId, { finishedMs: 1200, deleted: 1, freedBytes: 8192, interrupted: false }, { strategy: 'gdsf', values: { L: 0.25 } });
    expect(listEvictions(store, ROOT)).toEqual([
      { at_ms: 1100, name: 'a', class: 'file', reason: 'over-threshold', detail: null, strategy: 'gdsf', bytes: 8192, apparent_bytes: 8000, hits: 1, last_used_ms: 500, run_id: runId, how: 'planned', refetched_ms: null },
    ]);
    expect(listEvictions(store, ROOT, 1101)).toEqual([]);
    expect(listEvictions(store, OTHER)).toEqual([]);
    expect(readRootHistory(store, ROOT).entries).toEqual([]);
    expect(store.db.prepare('SELECT finished_ms, deleted, freed_bytes, interrupted FROM runs').get()).toEqual({ finished_ms: 1200, deleted: 1, freed_bytes: 8192, interrupted: 0 });
  });
});

describe('a dry run\'s snapshot', () => {
  it('is null when there is no store, and creates nothing', () => {
    const empty = tempDir('cachesweep-nostore-');
    try {
      expect(openStoreSnapshot(empty)).toBeNull();
      expect(openStoreSnapshot(path.join(empty, 'missing'))).toBeNull();
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('reads what was recorded without creating -wal/-shm files or changing the database file', async () => {
    const a = entry('a', 1);
    recordHit(store, ROOT, id(a), 1000);
    pin(store, ROOT, 'a', 1000);
    store.close();
    const file = storePath(dir);
    const before = { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs, listing: fs.readdirSync(dir) };
    expect(before.listing).toEqual(['usage.db', 'usage.db.id']);
    const snap = openStoreSnapshot(dir)!;
    expect((await usageOf([a], snap)).get('a')).toMatchObject({ hits: 1, pinned: true });
    expect(() => recordHit(snap, ROOT, id(a), 2000)).toThrow(/read-only/);
    snap.close();
    expect(fs.readdirSync(dir)).toEqual(before.listing);
    expect(fs.readFileSync(file).equals(before.bytes)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    store = reopen(); // closed after the test with the first
  });

  it('sees data still only in the WAL of a writer that is connected', async () => {
    const a = entry('a', 1);
    recordHit(store, ROOT, id(a), 1000); // `store` stays open: its WAL holds the frames
    expect(fs.statSync(`${storePath(dir)}-wal`).size).toBeGreaterThan(0);
    const snap = openStoreSnapshot(dir)!;
    expect((await usageOf([a], snap)).get('a')!.hits).toBe(1);
    snap.close();
  });
});
