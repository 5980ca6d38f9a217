import path from 'node:path';
import fc from 'fast-check';
import { decodeName, selfAndAbove } from '../../../src/shared/names.js';
import { refetchTime } from '../../../src/shared/regret.js';
import type { Entry } from '../../../src/shared/types.js';
import { mergeUsage } from '../../../src/usage/merge.js';
import type { Collected, UsageSignal } from '../../../src/usage/signal.js';
import { storeProvider } from '../../../src/usage/store/provider.js';
import { identityKey as key, recheckRead } from '../../../src/usage/store/read.js';
import { readReturns, returnOf } from '../../../src/usage/store/regret.js';
import { foldOldUses } from '../../../src/usage/store/retention.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { readRootUsage, usageRows } from '../../../src/usage/store/usage-read.js';
import { pin, recordEviction, recordHit, recordRun } from '../../../src/usage/store/write.js';
import { fakeEntry } from '../../helpers/fixtures.js';
import { DAY, MIN, ROOT, SEED, withStore } from './history-model.js';

/**
 * The store provider matches the store's rows to the scan's entries by name, device and inode without a key string per
 * entry, and gives a signal only where the store has something to say (provider.ts, match.ts). Against the provider it
 * replaced (below, as it was: a map of every row by `name\0dev\0ino`, a signal per entry), on random stores: names past
 * U+FFFF and raw bytes (SQLite orders them otherwise than JavaScript), pins on directories above, ended pins, files
 * replaced under their name, evictions and returns, folded uses, entries in name order or not, with and without a
 * half-life. The merged usage is the same to the bit, and so is every re-check after more touches.
 */
const RAW = decodeName(Buffer.from([0x64, 0xff])); // "d" then a byte that is not UTF-8
const NAMES = ['a', 'b', 'd', 'd/x', 'd/y', 'd/y/z', '\u{1F600}', '\uFFFDq', 'e\u00e9', RAW, `${RAW}/k`];
const name = fc.constantFrom(...NAMES);

type Op =
  | { op: 'hit'; name: string; ago: number }
  | { op: 'run'; inUse: string[]; gone: string[] }
  | { op: 'replace'; name: string }
  | { op: 'pin'; name: string; until: 'forever' | 'ended' | 'later' }
  | { op: 'evict'; name: string }
  | { op: 'fold'; limit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('hit' as const), name, ago: fc.integer({ min: 0, max: 60 * 24 * 60 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('run' as const), inUse: fc.subarray(NAMES), gone: fc.subarray(NAMES, { maxLength: 2 }) }) },
  fc.record({ op: fc.constant('replace' as const), name }),
  fc.record({ op: fc.constant('pin' as const), name, until: fc.constantFrom('forever' as const, 'ended' as const, 'later' as const) }),
  fc.record({ op: fc.constant('evict' as const), name }),
  fc.record({ op: fc.constant('fold' as const), limit: fc.integer({ min: 1, max: 5 }) }),
);

function replay(store: UsageStore, ops: readonly Op[], now: number, ino: Map<string, number>): void {
  let next = 100;
  let t = now - 61 * DAY;
  const who = (n: string) => ({ name: n, dev: 7, ino: ino.get(n)!, kind: 'file' });
  for (const o of ops) {
    t += 10 * MIN;
    if (o.op === 'hit') recordHit(store, ROOT, who(o.name), Math.max(t, now - o.ago * MIN) - (Math.max(t, now - o.ago * MIN) % (60 * MIN)));
    else if (o.op === 'replace') ino.set(o.name, next++);
    else if (o.op === 'pin') pin(store, ROOT, o.name, t, o.until === 'forever' ? null : o.until === 'ended' ? t + MIN : now + DAY);
    else if (o.op === 'evict') {
      const ev = { ...who(o.name), class: 'file', reason: 'over-threshold', detail: null, strategy: 'lru', bytes: 4096, apparentBytes: 4096, hits: 0, lastUsedMs: null };
      recordEviction(store, ROOT, null, ev, t);
      ino.set(o.name, next++);
    } else if (o.op === 'fold') {
      const rootId = (store.db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(ROOT) as number | undefined) ?? null;
      // A small limit splits the uses of one time between a day bucket and raw rows: a tie for the decayed sum's order.
      if (rootId !== null) store.write(() => foldOldUses(store, rootId, t + 30 * DAY, o.limit));
    } else {
      const seen = NAMES.filter((n) => !o.gone.includes(n)).map((n) => ({ ...who(n), bytes: 4096, apparentBytes: 4096, mtimeMs: t - MIN, inUse: o.inUse.includes(n) ? ['open by pid 1'] : [] }));
      recordRun(store, ROOT, { startedMs: t, strategy: 'lfu', layout: 'generic', plannedEvict: 0 }, seen);
    }
  }
}

/** The provider before columns (its collect and recheck as they were), over the same aggregated rows. */
function oldProvider(store: UsageStore, halfLifeMs: number | undefined) {
  const seenHits = new Map<string, number>();
  const met = (e: Entry) => ({ name: e.name, dev: e.fingerprint.dev, ino: e.fingerprint.ino, mtimeMs: e.mtimeMs, bytes: e.bytes });
  return {
    collect(entries: readonly Entry[], now: number): UsageSignal[] {
      const h = readRootUsage(store, ROOT, { nowMs: now, ...(halfLifeMs !== undefined ? { halfLifeMs } : {}) });
      const rows = [...usageRows(h.rows)];
      for (const e of rows) if (e.rawHits > 0) seenHits.set(key(e.name, e.dev, e.ino), e.rawHits);
      const byKey = new Map(rows.map((e) => [key(e.name, e.dev, e.ino), e]));
      const rootId = h.root?.id;
      const r = rootId !== undefined ? readReturns(store, rootId) : null;
      return entries.map((entry) => {
        const rec = byKey.get(key(entry.name, entry.fingerprint.dev, entry.fingerprint.ino));
        const s: UsageSignal = { name: entry.name };
        let forever = false;
        let lastEnd = 0;
        for (const n of selfAndAbove(entry.name)) {
          const until = h.pins.get(n);
          if (until === null) forever = true;
          else if (until !== undefined && until > now) lastEnd = Math.max(lastEnd, until);
        }
        if (forever) s.pinned = true;
        else if (lastEnd > 0) {
          s.pinned = true;
          s.pinnedUntilMs = lastEnd;
        }
        if (r) {
          let count = r.byName.get(entry.name) ?? 0;
          let gap = rec?.id !== undefined ? r.gapByEntry.get(rec.id) : undefined;
          if (rec?.id === undefined && r.evicted.has(entry.name)) {
            const ev = returnOf(store, rootId!, met(entry), now);
            if (ev) {
              count++;
              gap = refetchTime(ev.atMs, now, entry.mtimeMs) - ev.atMs;
            }
          }
          if (count > 0) s.refetches = count;
          if (gap !== undefined) s.returnGapMs = gap;
        }
        if (rec) {
          s.firstSeenMs = rec.firstSeenMs;
          if (h.firstRunMs !== null && rec.firstSeenMs > h.firstRunMs) s.arrivedByMs = rec.firstSeenMs;
          if (rec.uses > 0) {
            s.hits = rec.uses;
            s.lastUsedMs = rec.lastUseMs!;
            if (rec.weight !== undefined) s.decayed = { halfLifeMs: halfLifeMs!, uses: rec.uses, weight: rec.weight };
          }
        }
        return s;
      });
    },
    recheck(entry: Entry, now: number): string[] {
      const who = { name: entry.name, dev: entry.fingerprint.dev, ino: entry.fingerprint.ino };
      const recorded = recheckRead(store, ROOT, who, now);
      const reasons = recorded.pinned ? ['pinned with cachesweep pin after the plan was made'] : [];
      if (recorded.count > (seenHits.get(key(who.name, who.dev, who.ino)) ?? 0)) {
        reasons.push(`used after the plan was made (cachesweep touch at ${new Date(recorded.lastMs ?? 0).toISOString()})`);
      }
      return reasons;
    },
  };
}

const scanned = fc.record({
  names: fc.subarray(NAMES),
  /** Entries whose inode is not the store's (replaced since), and entries given out of name order. */
  stale: fc.subarray(NAMES),
  shuffle: fc.boolean(),
  twice: fc.option(name, { nil: undefined }),
  touched: fc.subarray(NAMES),
});

test('the columnar provider gives the same usage and re-checks as the provider it replaced', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 50 }), scanned, fc.constantFrom(undefined, 3_600_000, 7 * DAY), (ops, sc, halfLifeMs) =>
      withStore((store) => {
        const now = 100 * DAY;
        const ino = new Map(NAMES.map((n, i) => [n, i + 1]));
        replay(store, ops, now - DAY, ino);
        const entryOf = (n: string) => fakeEntry(n, 4096, now - 2 * DAY, { dev: 7, ino: sc.stale.includes(n) ? 999 : ino.get(n)!, path: path.join(ROOT, n) });
        let entries = sc.names.map(entryOf).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        if (sc.shuffle) entries = [...entries.filter((_, i) => i % 2 === 1), ...entries.filter((_, i) => i % 2 === 0)];
        if (sc.twice !== undefined) entries.push(entryOf(sc.twice));
        const o = halfLifeMs !== undefined ? { halfLifeMs } : {};
        const fresh = storeProvider(store, ROOT, o);
        const old = oldProvider(store, halfLifeMs);
        const got = mergeUsage(entries, fresh.collect(entries, now) as Collected[]);
        const want = mergeUsage(entries, old.collect(entries, now));
        expect([...got]).toEqual([...want]);
        for (const n of sc.touched) recordHit(store, ROOT, { name: n, dev: 7, ino: ino.get(n)!, kind: 'file' }, now + MIN);
        for (const e of [...entries, ...NAMES.map((n) => fakeEntry(n, 1, 0, { dev: 7, ino: ino.get(n)! }))]) {
          expect(fresh.recheck!(e, now + 2 * MIN)).toEqual(old.recheck(e, now + 2 * MIN));
        }
      }),
    ),
    { numRuns: 120, seed: SEED },
  );
});

/** The read as main had it: one row per entry, six correlated subqueries, the decayed sum by a SQLite aggregate. */
function oldRead(store: UsageStore, now: number, halfLifeMs: number | undefined): Map<string, unknown[]> {
  const uses = `SELECT at_ms AS t, 1 AS n FROM hits WHERE entry_id = e.id UNION ALL SELECT at_ms, 1 FROM in_use WHERE entry_id = e.id
    UNION ALL SELECT last_ms, hits + in_use FROM use_days WHERE entry_id = e.id`;
  store.db.aggregate('old_decay', {
    start: 0,
    step: ((w: number, t: number, n: number, at: number, h: number) => {
      const x = 2 ** (-Math.max(0, at - t) / h);
      return w + (n === 1 ? x : n * x);
    }) as unknown as (w: number, t: number) => number,
  });
  const weight = halfLifeMs !== undefined ? `, (SELECT old_decay(t, n, ${now}, ${halfLifeMs} ORDER BY t) FROM (${uses}))` : '';
  const rows = store.db
    .prepare(
      `SELECT e.id, e.name, e.dev, e.ino, e.first_seen_ms,
        (SELECT count(*) FROM hits h WHERE h.entry_id = e.id), (SELECT max(at_ms) FROM hits h WHERE h.entry_id = e.id),
        (SELECT count(*) FROM in_use u WHERE u.entry_id = e.id), (SELECT max(at_ms) FROM in_use u WHERE u.entry_id = e.id),
        (SELECT sum(hits + in_use) FROM use_days d WHERE d.entry_id = e.id), (SELECT max(last_ms) FROM use_days d WHERE d.entry_id = e.id)${weight}
       FROM entries e JOIN roots r ON r.id = e.root_id WHERE r.path = ? AND e.gone_ms IS NULL ORDER BY e.id`,
    )
    .raw()
    .all(ROOT) as [number, string | Buffer, number, number, number, number, number | null, number, number | null, number | null, number | null, number?][];
  return new Map(
    rows.map((r) => {
      const n = r[5] + r[7] + (r[9] ?? 0);
      const last = n > 0 ? Math.max(r[6] ?? -Infinity, r[8] ?? -Infinity, r[10] ?? -Infinity) : null;
      const name = typeof r[1] === 'string' ? r[1] : decodeName(r[1]);
      return [`${r[0]}`, [name, r[2], r[3], r[4], n, last, r[5], halfLifeMs !== undefined && n > 0 ? r[11] : undefined]];
    }),
  );
}

test('the columnar read gives every row what the per-entry subqueries and the SQLite-side decayed sum gave, to the bit, in chunks of any size', () => {
  fc.assert(
    // (chunks of 1 to 7 entries: a chunk's id range then holds entries gone since, whose uses must not count)
    fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.constantFrom(undefined, 3_600_000, 7 * DAY), fc.constantFrom(undefined, 1, 2, 3, 7), (ops, halfLifeMs, chunkRows) =>
      withStore((store) => {
        const now = 100 * DAY;
        replay(store, ops, now - DAY, new Map(NAMES.map((n, i) => [n, i + 1])));
        const o = { ...(halfLifeMs !== undefined ? { halfLifeMs } : {}), ...(chunkRows !== undefined ? { chunkRows } : {}) };
        const got = new Map([...usageRows(readRootUsage(store, ROOT, { nowMs: now, ...o }).rows)].map((r) => [`${r.id}`, [r.name, r.dev, r.ino, r.firstSeenMs, r.uses, r.lastUseMs, r.rawHits, r.weight]]));
        const want = oldRead(store, now, halfLifeMs);
        expect([...got.keys()]).toEqual([...want.keys()]);
        for (const [id, w] of want) expect(got.get(id)!.map((v, i) => Object.is(v, w[i]))).toEqual(w.map(() => true));
      }),
    ),
    { numRuns: 150, seed: SEED },
  );
});

test('uses at one time are summed hit, then in-use observation, then day bucket, as the SQLite-side sum took them', () => {
  withStore((store) => {
    const now = 100 * DAY;
    const h = 7 * DAY;
    const x = (t: number) => 2 ** (-Math.max(0, now - t) / h);
    const add = (w: number, t: number, n: number) => w + (n === 1 ? x(t) : n * x(t));
    // Find times where the order of the bucket among the uses of its time changes the sum's last bit.
    let at = 0;
    let first = 0;
    for (let i = 1; i < 5000 && at === 0; i++) {
      const [t0, t1] = [now - ((i * 7919) % 1000) * MIN, now - 10 * DAY + i * 97 * MIN];
      const hitsFirst = add(add(add(0, t1, 1), t0, 1), t0, 3);
      const bucketFirst = add(add(add(0, t1, 1), t0, 3), t0, 1);
      if (hitsFirst !== bucketFirst) [at, first] = [t0, t1];
    }
    expect(at).toBeGreaterThan(0);
    recordHit(store, ROOT, { name: 'a', dev: 7, ino: 1, kind: 'file' }, first);
    recordHit(store, ROOT, { name: 'a', dev: 7, ino: 1, kind: 'file' }, at);
    store.db.prepare('INSERT INTO use_days (entry_id, day, hits, in_use, last_ms) VALUES (1, ?, 3, 0, ?)').run(Math.floor(at / DAY), at);
    const [row] = [...usageRows(readRootUsage(store, ROOT, { nowMs: now, halfLifeMs: h }).rows)];
    expect(Object.is(row!.weight, add(add(add(0, first, 1), at, 1), at, 3))).toBe(true);
    expect(Object.is(row!.weight, oldRead(store, now, h).get('1')![7])).toBe(true);
  });
});
