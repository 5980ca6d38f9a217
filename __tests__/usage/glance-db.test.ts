import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { glanceDbProvider, GlanceDbError } from '../../src/usage/glance-db.js';
import { asSignals } from '../../src/usage/signal.js';
import { scan } from '../../src/scan/scan.js';
import { UsageError } from '../../src/shared/errors.js';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

/** The runs here give --state-dir themselves. */
const OWN_STATE = { stateDir: false } as const;

/**
 * Build cache.db the way Glance's sqlite cache driver does, with Python's sqlite3 module:
 * its CREATE TABLE, the INSERT of open_for_write's commit, and the UPDATE of open_for_read per hit.
 */
function glanceCacheDb(file: string, images: { id: string; size: number; cachedAt: number; reads: number[] }[]): void {
  const script = `
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.executescript("""
    CREATE TABLE IF NOT EXISTS cached_images (
        image_id TEXT PRIMARY KEY,
        last_accessed REAL DEFAULT 0.0,
        last_modified REAL DEFAULT 0.0,
        size INTEGER DEFAULT 0,
        hits INTEGER DEFAULT 0,
        checksum TEXT
    );
""")
for img in json.loads(sys.argv[2]):
    conn.execute("INSERT INTO cached_images (image_id, last_accessed, last_modified, hits, size) VALUES (?, 0, ?, 0, ?)", (img["id"], img["cachedAt"], img["size"]))
    conn.commit()
    for t in img["reads"]:
        conn.execute("UPDATE cached_images SET hits = hits + 1, last_accessed = ? WHERE image_id = ?", (t, img["id"]))
        conn.commit()
conn.close()
`;
  const r = spawnSync('python3', ['-c', script, file, JSON.stringify(images)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 could not build cache.db: ${r.stderr || r.error}`);
}

const now = Date.UTC(2025, 2, 1, 12);
const sec = (ms: number): number => ms / 1000;

describe("Glance's cache.db", () => {
  let t: ReturnType<typeof tempCache>;
  const reads = (n: number, at: number): number[] => Array.from({ length: n }, (_, i) => sec(at) + i);
  beforeEach(() => {
    t = tempCache();
    // File times say the opposite of popularity: the most read image has the oldest file times.
    writeFile(`${t.cache}/img-a`, 65536, now - 10 * DAY);
    writeFile(`${t.cache}/img-b`, 65536, now - 2 * DAY);
    writeFile(`${t.cache}/img-c`, 65536, now - 8 * DAY);
    writeFile(`${t.cache}/img-d`, 65536, now - 6 * DAY);
    glanceCacheDb(path.join(t.cache, 'cache.db'), [
      { id: 'img-a', size: 65536, cachedAt: sec(now - 10 * DAY), reads: reads(9, now - 9 * DAY) },
      { id: 'img-b', size: 65536, cachedAt: sec(now - 2 * DAY), reads: [] },
      { id: 'img-c', size: 65536, cachedAt: sec(now - 8 * DAY), reads: reads(2, now - 7 * DAY) },
      { id: 'img-d', size: 65536, cachedAt: sec(now - 6 * DAY), reads: reads(5, now - 5 * DAY) },
      { id: 'img-gone', size: 1, cachedAt: sec(now - DAY), reads: reads(3, now - DAY) },
    ]);
  });
  afterEach(() => t.cleanup());

  it('feeds hits, last access and caching time, read-only', async () => {
    const s = scan(fs.realpathSync(t.cache));
    expect(s.layout).toBe('glance');
    const signals = asSignals(await glanceDbProvider(s.root).collect(s.entries, now));
    const byName = Object.fromEntries(signals.map((x) => [x.name, x]));
    expect(Object.keys(byName).sort()).toEqual(['img-a', 'img-b', 'img-c', 'img-d']);
    // The caching time is when the image arrived, as well as when it was first seen.
    expect(byName['img-a']).toEqual({ name: 'img-a', hits: 9, lastUsedMs: now - 9 * DAY + 8000, firstSeenMs: now - 10 * DAY, arrivedByMs: now - 10 * DAY });
    expect(byName['img-b']).toEqual({ name: 'img-b', firstSeenMs: now - 2 * DAY, arrivedByMs: now - 2 * DAY });
  });

  it('ranks the cache by popularity from the first run: --strategy popularity evicts the least read images', () => {
    const db = path.join(t.cache, 'cache.db');
    const before = { bytes: fs.readFileSync(db), mtimeMs: fs.statSync(db).mtimeMs, listing: fs.readdirSync(t.cache).sort() };
    const common = [t.cache, '--state-dir', t.state, '--now', new Date(now).toISOString(), '--threshold', '200K', '--json'];
    const pop = runCliSync(['plan', ...common, '--strategy', 'popularity'], OWN_STATE);
    expect(pop.stderr).toBe('');
    const doc = JSON.parse(pop.stdout) as { layout: string; notes: string[]; entries: { name: string; decision: string; hits: number }[] };
    expect(doc.layout).toBe('glance');
    expect(doc.notes).toEqual([]);
    expect(doc.entries.map((e) => [e.name, e.hits, e.decision])).toEqual([
      ['img-b', 0, 'evict'],
      ['img-c', 2, 'evict'],
      ['img-a', 9, 'keep'],
      ['img-d', 5, 'keep'],
    ]);
    // By recency alone the most read image would go first.
    const lru = JSON.parse(runCliSync(['plan', ...common, '--strategy', 'lru'], OWN_STATE).stdout) as typeof doc;
    expect(lru.entries.filter((e) => e.decision === 'evict').map((e) => e.name)).toEqual(['img-a', 'img-c']);
    // Read-only: cache.db is as it was, nothing was added to the cache directory, no store was created.
    expect(fs.readFileSync(db).equals(before.bytes)).toBe(true);
    expect(fs.statSync(db).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(t.cache).sort()).toEqual(before.listing);
    expect(fs.existsSync(t.state)).toBe(false);
  });

  it('that cannot be read stops the run with one line (exit 2)', () => {
    fs.writeFileSync(path.join(t.cache, 'cache.db'), 'not a database, just text that is long enough to be read as a header....................................................');
    const r = runCliSync(['plan', t.cache, '--state-dir', t.state, '--strategy', 'popularity', '--threshold', '200K'], OWN_STATE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: Glance .*cache\.db cannot be read \(SQLITE_NOTADB: file is not a database\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(new GlanceDbError('x')).toBeInstanceOf(UsageError);
  });
});
