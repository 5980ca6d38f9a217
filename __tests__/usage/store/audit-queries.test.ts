import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStoreForWrite, storePath } from '../../../src/usage/store/open.js';
import { pin, recordEviction, recordHit, recordRun } from '../../../src/usage/store/write.js';
import { tempDir } from '../../helpers/cache.js';
import { REPO } from '../../helpers/paths.js';

/** The SQL blocks of docs/store.md, in order: the audit queries operators are told to run. */
function docQueries(): string[] {
  const doc = fs.readFileSync(path.join(REPO, 'docs/store.md'), 'utf8');
  return [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the audit queries in docs/store.md', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('cachesweep-audit-');
    const store = openStoreForWrite(dir);
    const d = new Date();
    const lastMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15, 12);
    const thisMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1, 0, 30);
    const twoMonthsAgo = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 2, 20);
    const who = (name: string, ino: number) => ({ name, dev: 1, ino, kind: 'file' });
    const ev = (name: string, ino: number, reason: string, detail: string | null, strategy: string, bytes: number) => ({
      ...who(name, ino),
      class: 'file',
      reason,
      detail,
      strategy,
      bytes,
      apparentBytes: bytes,
      hits: 0,
      lastUsedMs: null,
    });
    const { runId } = recordRun(store, '/srv/a', { startedMs: lastMonth, strategy: 'age', layout: 'generic', plannedEvict: 2 }, []);
    recordEviction(store, '/srv/a', runId, ev('old.img', 1, 'expired', 'idle 3d, max-age 24h', 'age', 1000), lastMonth);
    recordEviction(store, '/srv/a', runId, ev('big.img', 2, 'over-threshold', null, 'size', 5000), lastMonth + 1000);
    recordEviction(store, '/srv/b', null, ev('b.img', 3, 'expired', 'stale partial download', 'lru', 700), lastMonth + 2000);
    recordEviction(store, '/srv/a', null, ev('too-new.img', 4, 'expired', null, 'age', 9), thisMonth);
    recordEviction(store, '/srv/a', null, ev('too-old.img', 5, 'expired', null, 'age', 9), twoMonthsAgo);
    recordHit(store, '/srv/a', who('hot.img', 10), 1000);
    recordHit(store, '/srv/a', who('hot.img', 10), 2000);
    recordHit(store, '/srv/a', who('warm.img', 11), 1500);
    pin(store, '/srv/a', 'warm.img', 1);
    // big.img comes back 30 minutes after its eviction (its new file's mtime), seen by a run an hour later
    const seen = (name: string, ino: number, mtimeMs: number) => ({ ...who(name, ino), bytes: 5000, apparentBytes: 5000, inUse: [], mtimeMs });
    const run = { startedMs: lastMonth + 3_600_000, strategy: 'size', layout: 'generic', plannedEvict: 0 };
    recordRun(store, '/srv/a', run, [seen('big.img', 20, lastMonth + 1_800_000), seen('hot.img', 10, 0), seen('warm.img', 11, 0)]);
    // Two older hits of warm.img the retention folded into a day's count: they count too (and the latest of them).
    const warm = store.db.prepare("SELECT id FROM entries WHERE name = 'warm.img'").pluck().get();
    store.db.prepare('INSERT INTO use_days (entry_id, day, hits, in_use, last_ms) VALUES (?, 0, 2, 0, 900)').run(warm);
    store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are four, and each runs on a real store', () => {
    const qs = docQueries();
    expect(qs).toHaveLength(4);
    const db = new Database(storePath(dir), { readonly: true });
    try {
      const [lastMonth, byReason, hottest, back] = qs.map((q) => db.prepare(q).all() as Record<string, unknown>[]);
      expect(lastMonth!.map((r) => [r.root, r.name, r.reason, r.detail, r.strategy, r.bytes])).toEqual([
        ['/srv/a', 'old.img', 'expired', 'idle 3d, max-age 24h', 'age', 1000],
        ['/srv/a', 'big.img', 'over-threshold', null, 'size', 5000],
        ['/srv/b', 'b.img', 'expired', 'stale partial download', 'lru', 700],
      ]);
      expect(lastMonth![0]!.deleted_at).toMatch(/^\d{4}-\d{2}-15 12:00:00$/);
      expect(byReason).toEqual([
        { root: '/srv/a', reason: 'over-threshold', strategy: 'size', evictions: 1, bytes: 5000 },
        { root: '/srv/a', reason: 'expired', strategy: 'age', evictions: 1, bytes: 1000 },
        { root: '/srv/b', reason: 'expired', strategy: 'lru', evictions: 1, bytes: 700 },
      ]);
      expect(hottest!.filter((r) => r.root === '/srv/a').map((r) => [r.name, r.hits, r.last_hit, r.pinned])).toEqual([
        ['warm.img', 3, '1970-01-01 00:00:01', 1],
        ['hot.img', 2, '1970-01-01 00:00:02', 0],
        ['big.img', 0, null, 0],
      ]);
      expect(back).toEqual([{ root: '/srv/a', strategy: 'size', how: 'planned', refetches: 1, bytes: 5000, within_1h: 1, within_24h: 1 }]);
    } finally {
      db.close();
    }
  });
});
