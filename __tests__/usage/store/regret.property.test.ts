import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { summarizeRegret } from '../../../src/shared/regret.js';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { readRegretRows } from '../../../src/usage/store/regret.js';
import { recordEviction, recordHit, recordRun } from '../../../src/usage/store/write.js';

/**
 * Regret against the truth: a model of a cache directory where files are downloaded, evicted by cachesweep, deleted
 * by someone else, renamed and touched, with inode numbers reused as a filesystem reuses them (the last freed first).
 * Each file knows when it was downloaded, which the store cannot see: a name evicted by cachesweep was fetched again
 * exactly when the file that later holds the name was downloaded after the eviction. A clean run sees the directory
 * after every step, so every file is known to the store before it is renamed (what a rename can be told apart by).
 */
const ROOT = '/srv/cache';
const MIN = 60_000;
const NAMES = ['a', 'b', 'c'];

type Op =
  | { op: 'download'; name: string; bytes: number; touch: boolean }
  | { op: 'evict' | 'delete'; name: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'touch'; name: string };

const name = fc.constantFrom(...NAMES);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('download' as const), name, bytes: fc.integer({ min: 1, max: 4 }).map((k) => k * 1000), touch: fc.boolean() }),
  fc.record({ op: fc.constantFrom('evict' as const, 'delete' as const), name }),
  fc.record({ op: fc.constant('rename' as const), from: name, to: name }),
  fc.record({ op: fc.constant('touch' as const), name }),
);

interface File {
  ino: number;
  bytes: number;
  mtimeMs: number;
  downloadedMs: number;
}

test('a re-fetch is recorded exactly when an evicted name is held again by bytes downloaded after the eviction', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-regret-prop-'));
      const store = openStoreForWrite(dir);
      try {
        const files = new Map<string, File>();
        const free: number[] = [];
        let next = 100;
        const pending = new Map<string, { at: number; bytes: number }>();
        const expected: [number, number, number][] = [];
        const observe = (n: string): void => {
          const p = pending.get(n);
          const f = files.get(n);
          if (!p || !f || f.downloadedMs <= p.at) return;
          expected.push([p.at, f.mtimeMs, p.bytes]);
          pending.delete(n);
        };
        const touch = (n: string, t: number): void => {
          const f = files.get(n)!;
          recordHit(store, ROOT, { name: n, dev: 7, ino: f.ino, kind: 'file', mtimeMs: f.mtimeMs }, t);
          observe(n);
        };
        ops.forEach((o, i) => {
          const t = (i + 1) * 10 * MIN;
          if (o.op === 'download' && !files.has(o.name)) {
            files.set(o.name, { ino: free.pop() ?? next++, bytes: o.bytes, mtimeMs: t, downloadedMs: t });
            if (o.touch) touch(o.name, t + MIN);
          } else if ((o.op === 'evict' || o.op === 'delete') && files.has(o.name)) {
            const f = files.get(o.name)!;
            if (o.op === 'evict') {
              const ev = { name: o.name, dev: 7, ino: f.ino, kind: 'file', class: 'file', reason: 'over-threshold', detail: null, strategy: 'lru', bytes: f.bytes, apparentBytes: f.bytes, hits: 0, lastUsedMs: null };
              recordEviction(store, ROOT, null, ev, t);
              pending.set(o.name, { at: t, bytes: f.bytes });
            }
            files.delete(o.name);
            free.push(f.ino);
          } else if (o.op === 'rename' && files.has(o.from) && !files.has(o.to)) {
            files.set(o.to, files.get(o.from)!);
            files.delete(o.from);
          } else if (o.op === 'touch' && files.has(o.name)) touch(o.name, t);
          const seen = [...files].map(([n, f]) => ({ name: n, dev: 7, ino: f.ino, kind: 'file', bytes: f.bytes, apparentBytes: f.bytes, inUse: [], mtimeMs: f.mtimeMs }));
          recordRun(store, ROOT, { startedMs: t + 2 * MIN, strategy: 'lru', layout: 'generic', plannedEvict: 0 }, seen);
          for (const n of files.keys()) observe(n);
        });
        const rows = readRegretRows(store, ROOT);
        const got = rows.filter((r) => r.refetchedMs !== null).map((r) => [r.evictedMs, r.refetchedMs, r.bytes]);
        expect(got).toEqual(expected);
        const s = summarizeRegret(rows);
        expect(s.refetches).toBe(expected.length);
        // each window holds the shorter ones, and none holds more than every re-fetch
        s.windows.forEach((w, k) => {
          expect(w.refetches).toBeLessThanOrEqual(k + 1 < s.windows.length ? s.windows[k + 1]!.refetches : s.refetches);
          expect(w.bytes).toBe(expected.filter(([at, back]) => back - at <= w.seconds * 1000).reduce((sum, e) => sum + e[2], 0));
        });
      } finally {
        store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 60 },
  );
});
