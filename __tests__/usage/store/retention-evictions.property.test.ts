import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { summarizeRegret, type RegretSummary } from '../../../src/shared/regret.js';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { listEvictions } from '../../../src/usage/store/read.js';
import { readFoldedRegret, readRegretRows, readReturns } from '../../../src/usage/store/regret.js';
import { pruneOldEvictions, RAW_EVICTIONS_MS } from '../../../src/usage/store/retention-evictions.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { recordEviction, recordHit, recordRun } from '../../../src/usage/store/write.js';

/**
 * Evictions past the raw horizon folded: every reader gives the answer it gave before (status's, the reports' and the
 * metrics' regret totals, ghost's returns per name and per live entry, history within the horizon), whatever the
 * limit per run. Names are evicted, come back, are deleted by someone else and come back again over ~100 days.
 */
const ROOT = '/srv/cache';
const OTHER = '/srv/other';
const DAY = 86_400_000;
const NAMES = ['a', 'b', 'c', 'd'];
const SEED = Number(process.env.FC_SEED ?? 2615);

type Op = { op: 'download' | 'evict' | 'delete' | 'other' | 'touch'; name: string; hours: number; strategy: string; bytes: number };
const op: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('download' as const, 'download' as const, 'evict' as const, 'evict' as const, 'delete' as const, 'other' as const, 'touch' as const),
  name: fc.constantFrom(...NAMES),
  // Steps of up to 10 days: returns fall inside and outside 1h, 24h and 7d of their eviction.
  hours: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 240 })),
  strategy: fc.constantFrom('lru', 'ghost'),
  bytes: fc.integer({ min: 1, max: 9 }).map((k) => k * 1000),
});

function replay(store: UsageStore, ops: readonly Op[]): number {
  const files = new Map<string, { ino: number; bytes: number }>();
  let ino = 100;
  let t = DAY;
  for (const o of ops) {
    t += o.hours * 3_600_000 + 60_000;
    const f = files.get(o.name);
    if (o.op === 'download' && !f) files.set(o.name, { ino: ino++, bytes: o.bytes });
    else if (o.op === 'delete' && f) files.delete(o.name);
    else if (o.op === 'touch' && f) recordHit(store, ROOT, { name: o.name, dev: 7, ino: f.ino, kind: 'file' }, t);
    else if ((o.op === 'evict' || o.op === 'other') && f) {
      const ev = { name: o.name, dev: 7, ino: f.ino, kind: 'file', class: 'file', reason: 'over-threshold', detail: null, strategy: o.strategy, bytes: f.bytes, apparentBytes: f.bytes, hits: 0, lastUsedMs: null };
      recordEviction(store, o.op === 'other' ? OTHER : ROOT, null, { ...ev, how: o.strategy === 'lru' ? 'planned' : 'manual' }, t);
      files.delete(o.name);
    }
    const seen = [...files].map(([name, x]) => ({ name, dev: 7, ino: x.ino, kind: 'file', bytes: x.bytes, apparentBytes: x.bytes, inUse: [], mtimeMs: t }));
    recordRun(store, ROOT, { startedMs: t, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, seen);
  }
  return t;
}

/** What every reader of evictions says. */
function readers(store: UsageStore, now: number) {
  const rootId = store.db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(ROOT) as number;
  const r = readReturns(store, rootId);
  const live = new Set(store.db.prepare('SELECT id FROM entries WHERE gone_ms IS NULL').pluck().all() as number[]);
  return {
    regret: summarizeRegret(readRegretRows(store, ROOT), 10, readFoldedRegret(store, ROOT)),
    other: summarizeRegret(readRegretRows(store, OTHER), 10, readFoldedRegret(store, OTHER)),
    byName: [...r.byName].sort(),
    // The provider asks only for entries in the cache (live): a gone entry's gap is never read.
    gapByEntry: [...r.gapByEntry].filter(([id]) => live.has(id)).sort(),
    history: listEvictions(store, ROOT, now - RAW_EVICTIONS_MS),
    // What simulate --from-store replays: every use, of gone entries too; and the live entries every other reader sees.
    uses: store.db.prepare('SELECT e.name, e.ino, h.at_ms FROM hits h JOIN entries e ON e.id = h.entry_id ORDER BY h.rowid').all(),
    live: store.db.prepare('SELECT * FROM entries WHERE gone_ms IS NULL ORDER BY id').all(),
  };
}

/** The "came back most" list keeps its names, order and re-fetches; a name's evictions folded before its first folded return are no longer counted. */
const exceptTopEvictions = (s: RegretSummary) => ({ ...s, top: s.top.map((t) => ({ ...t, evictions: 0, evictedBytes: 0 })) });

test('folding evictions past the horizon keeps every reader\'s answer; it folds only what is past the horizon, at most the limit per run', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 30, maxLength: 100 }), fc.integer({ min: 1, max: 6 }), (ops, limit) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-retention-ev-'));
      const store = openStoreForWrite(dir);
      try {
        const now = replay(store, ops) + DAY;
        const before = readers(store, now);
        const rootId = store.db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(ROOT) as number;
        const old = () => store.db.prepare('SELECT count(*) FROM evictions WHERE root_id = ? AND at_ms < ?').pluck().get(rootId, now - RAW_EVICTIONS_MS) as number;
        const kept = () =>
          store.db
            .prepare('SELECT count(*) FROM evictions e JOIN refetches f ON f.eviction_id = e.id JOIN entries n ON n.id = f.entry_id WHERE e.root_id = ? AND e.at_ms < ? AND n.gone_ms IS NULL')
            .pluck()
            .get(rootId, now - RAW_EVICTIONS_MS) as number;
        const oldBefore = old();
        const first = store.write(() => pruneOldEvictions(store, rootId, now, limit)).evictions;
        expect(first).toBe(Math.min(limit, oldBefore - kept()));
        // Runs until nothing is left to fold and the entries' mark stops: every entry looked at, `limit` at a time.
        const mark = () => JSON.stringify(store.db.prepare('SELECT * FROM retention_marks').all());
        for (let m = mark(), again = true; again; ) {
          again = store.write(() => pruneOldEvictions(store, rootId, now, limit)).evictions > 0 || mark() !== m;
          m = mark();
        }
        // Past the horizon only the evictions whose name is back in the cache as the entry that came back remain; and
        // of the entries gone before it, those with uses or that an eviction or a re-fetch still points at.
        expect(old()).toBe(kept());
        const needed = 'EXISTS (SELECT 1 FROM hits h WHERE h.entry_id = e.id) OR EXISTS (SELECT 1 FROM evictions v WHERE v.entry_id = e.id) OR EXISTS (SELECT 1 FROM refetches f WHERE f.entry_id = e.id)';
        expect(store.db.prepare(`SELECT count(*) FROM entries e WHERE e.root_id = ? AND e.gone_ms < ? AND NOT (${needed})`).pluck().get(rootId, now - RAW_EVICTIONS_MS)).toBe(0);
        const after = readers(store, now);
        expect(exceptTopEvictions(after.regret)).toEqual(exceptTopEvictions(before.regret));
        after.regret.top.forEach((t, i) => expect(t.evictions).toBeLessThanOrEqual(before.regret.top[i]!.evictions));
        expect({ ...after, regret: null }).toEqual({ ...before, regret: null });
      } finally {
        store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 50, seed: SEED },
  );
});
