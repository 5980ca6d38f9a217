import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeRegret } from '../../../src/shared/regret.js';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { readAhead, readAheadProvider, storeProvider } from '../../../src/usage/store/provider.js';
import { openStoreSnapshot } from '../../../src/usage/store/open.js';
import { readRegretRows } from '../../../src/usage/store/regret.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { recordEviction, recordHit, recordRun, type EvictionRecord, type SeenEntry } from '../../../src/usage/store/write.js';
import type { Entry } from '../../../src/shared/types.js';
import { isRows, type Collected, type UsageSignal } from '../../../src/usage/signal.js';

const ROOT = '/srv/cache';
const H = 3_600_000;

/** A file of the cache as a run sees it. */
interface File {
  name: string;
  ino: number;
  bytes: number;
  mtimeMs: number;
}
const seen = (f: File): SeenEntry => ({ name: f.name, dev: 7, ino: f.ino, kind: 'file', bytes: f.bytes, apparentBytes: f.bytes, inUse: [], mtimeMs: f.mtimeMs });
const run = (files: File[], at: number, strategy = 'lru') =>
  recordRun(store, ROOT, { startedMs: at, strategy, layout: 'generic', plannedEvict: 0 }, files.map(seen));
const evict = (f: File, at: number, extra: Partial<EvictionRecord> = {}) =>
  recordEviction(
    store,
    ROOT,
    null,
    { name: f.name, dev: 7, ino: f.ino, kind: 'file', class: 'file', reason: 'over-threshold', detail: null, strategy: 'lru', bytes: f.bytes, apparentBytes: f.bytes, hits: 0, lastUsedMs: null, ...extra },
    at,
  );
const rows = () => readRegretRows(store, ROOT);

let dir: string;
let store: UsageStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-regret-'));
  store = openStoreForWrite(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a re-fetch is recorded', () => {
  it('when a name cachesweep evicted is seen again by a later run, with the bytes evicted and the time its mtime bounds', () => {
    const img = { name: 'img', ino: 10, bytes: 5000, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    // downloaded again at 2h30 (a new inode), seen by the run at 5h
    run([{ ...img, ino: 11, bytes: 5120, mtimeMs: 2.5 * H }], 5 * H);
    expect(rows()).toEqual([{ name: 'img', evictedMs: 2 * H, how: 'planned', strategy: 'lru', reason: 'over-threshold', bytes: 5000, refetchedMs: 2.5 * H }]);
    const s = summarizeRegret(rows());
    expect(s.windows.map((w) => [w.window, w.refetches, w.bytes])).toEqual([['1h', 1, 5000], ['24h', 1, 5000], ['7d', 1, 5000]]);
  });

  it('when the name comes back with the inode it had (inodes are reused): the evicted entry is gone whatever its inode', () => {
    const img = { name: 'img', ino: 10, bytes: 5000, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    run([{ ...img, mtimeMs: 30 * H }], 40 * H);
    expect(rows()[0]!.refetchedMs).toBe(30 * H);
    expect(summarizeRegret(rows()).windows.map((w) => w.refetches)).toEqual([0, 0, 1]);
  });

  it('when a touch meets the name first; the next run does not count it again', () => {
    const img = { name: 'img', ino: 10, bytes: 5000, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    recordHit(store, ROOT, { name: 'img', dev: 7, ino: 11, kind: 'file', mtimeMs: 2.2 * H }, 3 * H);
    run([{ ...img, ino: 11, mtimeMs: 2.2 * H }], 4 * H);
    expect(rows().map((r) => r.refetchedMs)).toEqual([2.2 * H]);
  });

  it('once per eviction: evicted twice and back twice is two re-fetches', () => {
    const a = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([a], 1 * H);
    evict(a, 2 * H);
    const b = { ...a, ino: 11, mtimeMs: 3 * H };
    run([b], 4 * H);
    run([b], 5 * H);
    evict(b, 6 * H);
    run([{ ...a, ino: 12, mtimeMs: 7 * H }], 8 * H);
    expect(rows().map((r) => [r.evictedMs, r.refetchedMs])).toEqual([[2 * H, 3 * H], [6 * H, 7 * H]]);
    expect(summarizeRegret(rows()).top).toEqual([{ name: 'img', evictions: 2, evictedBytes: 200, refetches: 2, refetchedBytes: 200, lastRefetchedMs: 7 * H }]);
  });

  it('at the time cachesweep saw it when its mtime is older than the eviction (a copy that kept its times)', () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    run([{ ...img, ino: 11, mtimeMs: 0.5 * H }], 9 * H);
    expect(rows()[0]!.refetchedMs).toBe(9 * H);
  });
});

describe('no re-fetch', () => {
  it('for a name recreated with another inode that cachesweep never evicted (deleted by someone else)', () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    run([], 2 * H);
    run([{ ...img, ino: 11, mtimeMs: 2.5 * H }], 3 * H);
    expect(rows()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM refetches').get()).toEqual({ n: 0 });
  });

  it('for a rename onto an evicted name of bytes that were already there before the eviction', () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    const other = { name: 'other', ino: 20, bytes: 300, mtimeMs: 0 };
    run([img, other], 1 * H);
    evict(img, 2 * H);
    run([{ ...other, name: 'img' }], 3 * H);
    expect(rows()[0]!.refetchedMs).toBeNull();
  });

  it('but a download renamed into place (seen half-way as a .part) after the eviction is one', () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    run([{ name: 'img.part', ino: 30, bytes: 40, mtimeMs: 2.1 * H }], 2.2 * H);
    run([{ name: 'img', ino: 30, bytes: 100, mtimeMs: 2.3 * H }], 3 * H);
    expect(rows()[0]!.refetchedMs).toBe(2.3 * H);
  });

  it('for another root, or a name only similar', () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    recordRun(store, '/srv/other', { startedMs: 3 * H, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, [seen({ ...img, ino: 11 })]);
    run([{ ...img, name: 'img2', ino: 12 }], 3 * H);
    expect(rows()[0]!.refetchedMs).toBeNull();
  });
});

/** The store's signals besides its block of rows: its pins and returns. */
const notRows = (list: Collected[]): UsageSignal[] => list.filter((c): c is UsageSignal => !isRows(c));

describe('what the strategies see', () => {
  it('usage counts the returns of the name, and how long after its eviction this entry came back', async () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    run([{ ...img, ino: 11, mtimeMs: 3 * H }], 4 * H);
    const e = (name: string, ino: number) => ({ name, fingerprint: { dev: 7, ino }, mtimeMs: 3 * H, bytes: 100 }) as Entry;
    const got = await storeProvider(store, ROOT).collect([e('img', 11), e('new', 12)], 5 * H);
    const signals = notRows(got);
    expect(signals[0]).toMatchObject({ name: 'img', refetches: 1, returnGapMs: 1 * H });
    // 'new' came back from nothing: the store has nothing to say about it, gives it no signal and no row (the merge
    // gives it what its file times say).
    expect(signals.map((s) => s.name)).toEqual(['img']);
    expect([...got.find(isRows)!.rowOf].map((k) => k >= 0)).toEqual([true, false]);
  });

  it('an entry coming back is a return already in the run that finds it, before that run records it', async () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    run([img], 1 * H);
    evict(img, 2 * H);
    const back = { name: 'img', fingerprint: { dev: 7, ino: 11 }, mtimeMs: 2.5 * H, bytes: 100 } as Entry;
    const [s] = notRows(await storeProvider(store, ROOT).collect([back], 4 * H));
    expect(s).toMatchObject({ refetches: 1, returnGapMs: 0.5 * H });
    // and recorded as that: the next read gives the same
    run([{ ...img, ino: 11, mtimeMs: 2.5 * H }], 4 * H);
    const [again] = notRows(await storeProvider(store, ROOT).collect([back], 5 * H));
    expect(again).toMatchObject({ refetches: 1, returnGapMs: 0.5 * H });
  });

  it('read ahead of the scan from a snapshot (a run that writes nothing), the store says the same', async () => {
    const img = { name: 'img', ino: 10, bytes: 100, mtimeMs: 0 };
    const old = { name: 'old', ino: 20, bytes: 100, mtimeMs: 0 };
    run([img, old], 1 * H);
    evict(img, 2 * H);
    evict(old, 2 * H);
    run([{ ...old, ino: 21, mtimeMs: 3 * H }], 4 * H); // 'old' came back and is recorded; 'img' is back unrecorded
    const e = (name: string, ino: number, mtimeMs: number) => ({ name, fingerprint: { dev: 7, ino }, mtimeMs, bytes: 100 }) as Entry;
    const entries = [e('img', 11, 4.5 * H), e('new', 12, 4.5 * H), e('old', 21, 3 * H)];
    const want = await storeProvider(store, ROOT).collect(entries, 5 * H);
    const snapshot = openStoreSnapshot(dir)!;
    const read = readAhead(snapshot, ROOT, { nowMs: 5 * H });
    snapshot.close();
    let reopened = 0;
    const provider = readAheadProvider(read, {}, () => (reopened++, openStoreSnapshot(dir)));
    const got = await provider.collect(entries, 5 * H);
    expect(notRows(got)).toEqual(notRows(want));
    expect(notRows(got).map((s) => [s.name, s.refetches])).toEqual([['img', 1], ['old', 1]]);
    expect(got.filter(isRows)).toEqual(want.filter(isRows));
    // Only 'img' (evicted, back, no live row) needed the store again: one snapshot for the run, not one per entry.
    expect(reopened).toBe(1);
    // Nothing needed it: not opened at all.
    const second = openStoreSnapshot(dir)!;
    const again = readAheadProvider(readAhead(second, ROOT, { nowMs: 5 * H }), {}, () => (reopened++, null));
    second.close();
    await again.collect([entries[2]!], 5 * H);
    expect(reopened).toBe(1);
  });

  it('only planned evictions are a strategy\'s regret; manual ones and completed deletions are counted apart', () => {
    const files = ['a', 'b', 'c'].map((name, i) => ({ name, ino: 10 + i, bytes: 100 * (i + 1), mtimeMs: 0 }));
    run(files, 1 * H);
    evict(files[0]!, 2 * H, { strategy: 'lfu' });
    evict(files[1]!, 2 * H, { strategy: 'lfu', how: 'manual' });
    evict(files[2]!, 2 * H, { strategy: 'lfu', how: 'completed' });
    run(files.map((f) => ({ ...f, ino: f.ino + 100, mtimeMs: 2.5 * H })), 3 * H);
    const s = summarizeRegret(rows());
    expect(s.byStrategy).toEqual([{ strategy: 'lfu', evictions: 1, evictedBytes: 100, refetches: 1, refetchedBytes: 100 }]);
    expect(s.byHow.map((h) => [h.how, h.refetches, h.refetchedBytes])).toEqual([['planned', 1, 100], ['manual', 1, 200], ['completed', 1, 300]]);
    expect(s.refetchedBytes).toBe(600);
  });
});
