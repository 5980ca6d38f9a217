/**
 * Issue 12, case 15: read-only means read-only. With Glance's cache.db in WAL mode, `plan` created cache.db-wal and
 * cache.db-shm in the cache (SQLite opens a WAL database's side files even read-only); a usage.db symlinked to a
 * missing path inside the cache created the store and its -wal/-shm there. Now Glance's database is read from a
 * private copy, and the store's files must be regular files in the state directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { assertBuilt, parseJson, runCli } from '../helpers/run.js';

beforeAll(assertBuilt);

const IMAGE = '6b8f0a5e-0000-4000-8000-000000000001';

/** A Glance image cache whose cache.db is in WAL mode (no -wal/-shm left: Glance is not running). */
function glanceCache(): string {
  const root = path.join(tempDir('cachesweep-readonly-'), 'image-cache');
  for (const d of ['incomplete', 'invalid', 'queue']) fs.mkdirSync(path.join(root, d), { recursive: true });
  writeFile(path.join(root, IMAGE), 65536, { mtimeMs: ago(5 * DAY) });
  const py = `
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute('PRAGMA journal_mode=WAL')
c.execute('CREATE TABLE cached_images (image_id TEXT, last_accessed REAL, last_modified REAL, size INTEGER, hits INTEGER, checksum TEXT)')
c.execute("INSERT INTO cached_images VALUES (?, ?, ?, 65536, 3, '')", (sys.argv[2], time.time() - 4 * 86400, time.time() - 5 * 86400))
c.commit(); c.close()`;
  const r = spawnSync('python3', ['-c', py, path.join(root, 'cache.db'), IMAGE], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  fs.utimesSync(path.join(root, 'cache.db'), ago(5 * DAY) / 1000, ago(5 * DAY) / 1000);
  return root;
}

const listing = (root: string): string[] => fs.readdirSync(root).sort();

describe('read-only means read-only (hostile case 15)', () => {
  it('plan on a Glance cache whose cache.db is in WAL mode creates no file in the cache and changes none', async () => {
    const root = glanceCache();
    const before = { names: listing(root), db: fs.readFileSync(path.join(root, 'cache.db')) };
    expect(before.names).toEqual([IMAGE, 'cache.db', 'incomplete', 'invalid', 'queue']);
    const r = await runCli(['plan', root, '--json']);
    expect(r.code).toBe(0);
    expect(parseJson(r).entries.find((e: { name: string }) => e.name === IMAGE)).toMatchObject({ hits: 3 });
    expect(listing(root)).toEqual(before.names);
    expect(fs.readFileSync(path.join(root, 'cache.db')).equals(before.db)).toBe(true);
  });

  it("hits still in Glance's WAL (a writer holding it open) are read, and nothing new appears beside them", async () => {
    const root = glanceCache();
    const py = `
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('UPDATE cached_images SET hits = 42')
c.commit()
print('ready', flush=True)
sys.stdin.read()`;
    const writer = spawn('python3', ['-c', py, path.join(root, 'cache.db')], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => writer.stdout!.once('data', () => resolve()));
    try {
      const names = listing(root);
      expect(names).toEqual([IMAGE, 'cache.db', 'cache.db-shm', 'cache.db-wal', 'incomplete', 'invalid', 'queue']);
      const shm = fs.readFileSync(path.join(root, 'cache.db-shm'));
      const r = await runCli(['plan', root, '--json']);
      expect(r.code).toBe(0);
      expect(parseJson(r).entries.find((e: { name: string }) => e.name === IMAGE)).toMatchObject({ hits: 42 });
      expect(listing(root)).toEqual(names);
      expect(fs.readFileSync(path.join(root, 'cache.db-shm')).equals(shm)).toBe(true);
    } finally {
      writer.stdin!.end();
      await new Promise((resolve) => writer.on('close', resolve));
    }
  });

  it.each(['plan', 'clean', 'pin'])('%s with usage.db symlinked to a missing path inside the cache: exit 2, nothing created there', async (cmd) => {
    const root = glanceCache();
    const state = path.join(path.dirname(root), 'state');
    fs.mkdirSync(state);
    fs.symlinkSync(path.join(root, 'queue', 'usage.db'), path.join(state, 'usage.db'));
    const before = { cache: listing(root), queue: fs.readdirSync(path.join(root, 'queue')) };
    const r = await runCli([cmd, root, ...(cmd === 'pin' ? [IMAGE] : ['--max-age', '1h'])], { stateDir: state });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: usage store .*\/state\/usage\.db is a symbolic link; cachesweep keeps its store as regular files in the state directory/);
    expect(listing(root)).toEqual(before.cache);
    expect(fs.readdirSync(path.join(root, 'queue'))).toEqual(before.queue);
  });
});
