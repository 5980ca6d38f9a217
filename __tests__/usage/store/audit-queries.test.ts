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

const DAY = 86_400_000;
/** Each eviction recorded below: root, name, reason, detail, strategy, bytes, time. */
const evictions: [string, string, string, string | null, string, number, number][] = [];

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
    const evict = (root: string, runId: number | null, name: string, ino: number, reason: string, detail: string | null, strategy: string, bytes: number, at: number) => {
      recordEviction(store, root, runId, ev(name, ino, reason, detail, strategy, bytes), at);
      evictions.push([root, name, reason, detail, strategy, bytes, at]);
    };
    evict('/srv/a', runId, 'old.img', 1, 'expired', 'idle 3d, max-age 24h', 'age', 1000, lastMonth);
    evict('/srv/a', runId, 'big.img', 2, 'over-threshold', null, 'size', 5000, lastMonth + 1000);
    evict('/srv/b', null, 'b.img', 3, 'expired', 'stale partial download', 'lru', 700, lastMonth + 2000);
    evict('/srv/a', null, 'too-new.img', 4, 'expired', null, 'age', 9, thisMonth);
    evict('/srv/a', null, 'too-old.img', 5, 'expired', null, 'age', 9, twoMonthsAgo);
    evict('/srv/a', null, 'recent.img', 6, 'expired', null, 'age', 3, Date.now() - 2 * DAY);
    // Three evictions of last month past the raw horizon, folded into their day's totals (retention-evictions.ts).
    store.db
      .prepare(`INSERT INTO eviction_days VALUES (1, ?, 'planned', 'age', 3, 300, 0, 0, 0, 0, 0, 0, 0, 0)`)
      .run(Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 2) / DAY));
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
      const [last30, byStrategy, hottest, back] = qs.map((q) => db.prepare(q).all() as Record<string, unknown>[]);
      // The rows of the last 30 days (which of last month's they hold depends on today's date), oldest first.
      const within = evictions.filter((e) => e[6] >= Date.now() - 30 * DAY).sort((x, y) => x[6] - y[6]);
      expect(within.map((e) => e[1])).toContain('recent.img');
      expect(last30!.map((r) => [r.root, r.name, r.reason, r.detail, r.strategy, r.bytes])).toEqual(within.map((e) => e.slice(0, 6)));
      expect(last30!.at(-1)!.deleted_at).toBe(new Date(within.at(-1)![6]).toISOString().slice(0, 19).replace('T', ' '));
      // Last month: its rows and its folded days, by strategy.
      expect(byStrategy).toEqual([
        { root: '/srv/a', strategy: 'size', evictions: 1, bytes: 5000 },
        { root: '/srv/a', strategy: 'age', evictions: 4, bytes: 1300 },
        { root: '/srv/b', strategy: 'lru', evictions: 1, bytes: 700 },
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
