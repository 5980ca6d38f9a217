/**
 * Glance as it runs, through the BUILT cachesweep: a real xattr-driver cache (user.hits set with setfattr, as the
 * driver's inc_xattr leaves them), Glance's own lock files in the cache directory, glance-api.conf read for the
 * cache directory, the pruner's threshold and target, the stall time and the driver.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { age, cleanup, tempDir } from '../helpers/in-use.js';
import { parseJson, runCli } from '../helpers/run.js';
import { MINUTE, HOUR, DAY, MiB } from '../helpers/units.js';

afterAll(cleanup);

const ID = {
  hot: '11111111-1111-4111-8111-111111111111',
  warm: '22222222-2222-4222-8222-222222222222',
  cold: '33333333-3333-4333-8333-333333333333',
};

interface Doc {
  root: string;
  strategy: string;
  trigger: { kind: string; threshold: number | null; target: number | null };
  entries: { name: string; class: string; hits: number; decision: string; reason: string }[];
  warnings: string[];
}
const decisions = (d: Doc): Record<string, string> => Object.fromEntries(d.entries.map((e) => [e.name, `${e.decision} ${e.reason}`]));

/** An image file of real data (Glance writes whole downloads: nothing sparse). */
function image(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(bytes, 0x5a));
}

/** A Glance cache as its driver leaves it: images in the root (the hot one least recently read), incomplete/, invalid/, queue/. */
function glanceCache(hits?: Record<keyof typeof ID, number>): string {
  const root = path.join(tempDir('cachesweep-glance-'), 'image-cache');
  for (const d of ['incomplete', 'invalid', 'queue']) fs.mkdirSync(path.join(root, d), { recursive: true });
  const idle: Record<keyof typeof ID, number> = { hot: 3 * DAY, warm: 2 * DAY, cold: 1 * DAY };
  for (const k of Object.keys(ID) as (keyof typeof ID)[]) {
    const f = path.join(root, ID[k]);
    image(f, MiB);
    if (hits) execFileSync('setfattr', ['-n', 'user.hits', '-v', String(hits[k]), f]);
    age(f, idle[k]);
  }
  return root;
}

function conf(root: string, lines: string): string {
  const f = path.join(path.dirname(root), 'glance-api.conf');
  fs.writeFileSync(f, `[DEFAULT]\nimage_cache_dir = ${root}\n${lines}`);
  return f;
}

describe("Glance's xattr driver: user.hits rank the images", () => {
  const pressure = ['--threshold', '2M', '--target', '1.5M', '--json'];

  it('lfu keeps the 900-hit image though it is the least recently used (found without glance-api.conf)', async () => {
    const root = glanceCache({ hot: 900, warm: 5, cold: 0 });
    const d = parseJson<Doc>(await runCli(['plan', root, '--strategy', 'lfu', ...pressure]));
    expect(Object.fromEntries(d.entries.map((e) => [e.name, e.hits]))).toEqual({ [ID.hot]: 900, [ID.warm]: 5, [ID.cold]: 0 });
    expect(decisions(d)).toEqual({ [ID.hot]: 'keep target-met', [ID.warm]: 'evict over-threshold', [ID.cold]: 'evict over-threshold' });
    expect(d.warnings).toEqual([]);
  });

  it('gdsf counts them too: the 900-hit image (same size as the others) is kept, the unread ones go', async () => {
    const root = glanceCache({ hot: 900, warm: 5, cold: 0 });
    const d = parseJson<Doc>(await runCli(['plan', root, '--strategy', 'gdsf', ...pressure]));
    expect(Object.fromEntries(d.entries.map((e) => [e.name, e.hits]))).toEqual({ [ID.hot]: 900, [ID.warm]: 5, [ID.cold]: 0 });
    expect(decisions(d)).toEqual({ [ID.hot]: 'keep target-met', [ID.warm]: 'evict over-threshold', [ID.cold]: 'evict over-threshold' });
    // and without the attributes gdsf, like lfu, has only recency left: the least recently read (the hot one) goes
    const bare = parseJson<Doc>(await runCli(['plan', glanceCache(), '--strategy', 'gdsf', ...pressure]));
    expect(decisions(bare)[ID.hot]).toBe('evict over-threshold');
  });

  it('without the attributes the same cache loses that image first, and says where the hits are', async () => {
    const root = glanceCache();
    const d = parseJson<Doc>(await runCli(['plan', root, '--strategy', 'lfu', ...pressure]));
    expect(decisions(d)[ID.hot]).toBe('evict over-threshold');
    expect(d.warnings).toEqual([expect.stringMatching(/no cache\.db and no user\.hits attribute on any image.*centralized_db.*cannot read/)]);
  });

  it("--glance-conf: the cache, the pruner's size and target, the stall time and the driver from glance-api.conf", async () => {
    const root = glanceCache({ hot: 900, warm: 5, cold: 0 });
    image(path.join(root, 'incomplete', '44444444-4444-4444-8444-444444444444'), 1024);
    age(path.join(root, 'incomplete', '44444444-4444-4444-8444-444444444444'), 2 * HOUR);
    image(path.join(root, 'incomplete', '55555555-5555-4555-8555-555555555555'), 1024);
    age(path.join(root, 'incomplete', '55555555-5555-4555-8555-555555555555'), 30 * MINUTE);
    const f = conf(root, `image_cache_max_size = ${2.5 * MiB}\nimage_cache_stall_time = 3600\nimage_cache_driver = xattr\n`);
    const d = parseJson<Doc>(await runCli(['plan', '--glance-conf', f, '--strategy', 'lfu', '--json']));
    expect(d.root).toBe(root);
    expect(d.trigger).toMatchObject({ kind: 'size', threshold: 2.5 * MiB, target: 2.5 * MiB });
    expect(decisions(d)).toEqual({
      [ID.hot]: 'keep target-met',
      [ID.warm]: 'keep target-met',
      [ID.cold]: 'evict over-threshold',
      'incomplete/44444444-4444-4444-8444-444444444444': 'evict expired',
      'incomplete/55555555-5555-4555-8555-555555555555': 'keep partial',
    });
    // Glance's own order, least recently accessed first, when no strategy is given: the hot image goes.
    const lru = parseJson<Doc>(await runCli(['plan', '--glance-conf', f, '--json']));
    expect(lru.strategy).toBe('lru');
    expect(decisions(lru)[ID.hot]).toBe('evict over-threshold');
    // A threshold given on the command line wins, and cachesweep's own target goes with it.
    const own = parseJson<Doc>(await runCli(['plan', '--glance-conf', f, '--threshold', '10M', '--json']));
    expect(own.trigger).toMatchObject({ threshold: 10 * MiB, target: Math.floor(10 * MiB * 0.9) });
  });
});

describe("Glance's own files and drivers", () => {
  it('its lock files (and the xattr probe) in the cache directory are never entries, never deleted', async () => {
    const root = glanceCache();
    const own = ['image_cache_db_init', 'glance-cache', 'glance-cache-clean', 'glance-cache-prune', 'sqlite_centralized_migrate', 'tasks', 'checkme'];
    for (const n of own) {
      fs.writeFileSync(path.join(root, n), '');
      age(path.join(root, n), 30 * DAY);
    }
    const r = await runCli(['clean', root, '--layout', 'glance', '--max-age', '1h', '--json']);
    expect(r.code).toBe(0);
    const d = parseJson<Doc & { applied: { deleted: string[] } }>(r);
    expect(d.entries.map((e) => e.name).sort()).toEqual(Object.values(ID).sort());
    expect(d.applied.deleted.sort()).toEqual(Object.values(ID).sort());
    expect(fs.readdirSync(root).sort()).toEqual([...own, 'incomplete', 'invalid', 'queue'].sort());
  });

  it('centralized_db (named or by default): said once, plainly; a driver name in another case falls back to sqlite', async () => {
    const root = glanceCache();
    const f = conf(root, 'image_cache_driver = centralized_db\n');
    const d = parseJson<Doc>(await runCli(['status', '--glance-conf', f, '--json']));
    expect(d.warnings).toEqual([expect.stringMatching(/^Glance's image_cache_driver is centralized_db \(.*glance-api\.conf line 3.*\): its hit counts live in Glance's central database, which cachesweep cannot read/)]);
    const dflt = parseJson<Doc>(await runCli(['status', '--glance-conf', conf(root, ''), '--json']));
    expect(dflt.warnings).toEqual([expect.stringMatching(/^Glance's image_cache_driver is centralized_db \(default\)/)]);
    const upper = parseJson<Doc>(await runCli(['status', '--glance-conf', conf(root, 'image_cache_driver = Xattr\n'), '--json']));
    expect(upper.warnings).toEqual([
      expect.stringMatching(/image_cache_driver = 'Xattr' is not a driver module name .*falls back to the sqlite driver/),
      expect.stringMatching(/sqlite driver .* keeps hit counts in cache\.db, which .* does not hold/),
    ]);
  });

  it('a glance-api.conf without image_cache_dir, and no cache directory given: exit 2, one line', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'glance-api.conf');
    fs.writeFileSync(f, '[DEFAULT]\nimage_cache_max_size = 100\n[glance_store]\nimage_cache_dir = /x\n');
    const r = await runCli(['plan', '--glance-conf', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachesweep: --glance-conf: image_cache_dir is not set in ${f} (Glance has no default for it): give the cache directory\n`);
  });
});
