import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

/** The runs here give --state-dir themselves. */
const OWN_STATE = { stateDir: false } as const;
const H = 3_600_000;
const t1 = Date.UTC(2025, 5, 1, 12);
const at = (ms: number): string[] => ['--now', new Date(ms).toISOString()];

let t: ReturnType<typeof tempCache>;
let S: string[];
beforeEach(() => {
  t = tempCache();
  S = ['--state-dir', t.state];
  for (const n of ['a.img', 'b.img']) writeFile(path.join(t.cache, n), 65536, t1 - 5 * DAY);
});
afterEach(() => t.cleanup());

const cli = (args: string[]) => {
  const r = runCliSync(args, OWN_STATE);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};
type Regret = { evictions: number; refetches: number; within: unknown[]; byHow: unknown[]; byStrategy: unknown[]; mostRefetched: unknown[] };
const regretOf = (now: number): Regret => (JSON.parse(cli(['status', t.cache, '--json', ...S, ...at(now)])) as { regret: Regret }).regret;
const rows = (sql: string): unknown[] => {
  const db = new Database(path.join(t.state, 'usage.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

describe('retention of evictions, run by clean on its clock (--now)', () => {
  it('past 30 days an eviction is a daily total: status, the metrics and history still count it; one whose name is back stays a row', () => {
    cli(['clean', t.cache, '--max-age', '3d', ...S, ...at(t1)]); // evicts a.img and b.img
    // a.img downloaded again 2 hours later, read a minute after: a re-fetch, recorded by the next run
    writeFile(path.join(t.cache, 'a.img'), 65536, { mtimeMs: t1 + 2 * H, atimeMs: t1 + 2 * H + 60_000 });
    cli(['clean', t.cache, '--max-age', '100d', ...S, ...at(t1 + 3 * H)]);
    const before = regretOf(t1 + 4 * H);
    expect(before).toMatchObject({ evictions: 2, refetches: 1 });

    // 40 days later a clean folds b.img's eviction; a.img's stays a row: the entry that came back is in the cache
    const metrics = path.join(t.state, '..', 'metrics.prom');
    cli(['clean', t.cache, '--max-age', '100d', '--metrics-file', metrics, ...S, ...at(t1 + 40 * DAY)]);
    expect(rows('SELECT name FROM evictions')).toEqual([{ name: 'a.img' }]);
    expect(rows('SELECT day, how, strategy, evictions, evicted_bytes, refetches FROM eviction_days')).toEqual([
      { day: Math.floor(t1 / DAY), how: 'planned', strategy: 'age', evictions: 1, evicted_bytes: 65536, refetches: 0 },
    ]);
    expect(rows('SELECT count(*) AS n FROM deletion_intents')).toEqual([{ n: 0 }]);
    expect(regretOf(t1 + 40 * DAY + H)).toEqual(before);
    const prom = fs.readFileSync(metrics, 'utf8');
    expect(prom).toContain(`cachesweep_evicted_bytes_total{root="${fs.realpathSync(t.cache)}"} 131072`);
    expect(prom).toContain(`cachesweep_refetches_total{root="${fs.realpathSync(t.cache)}",window="all"} 1`);

    const text = cli(['history', t.cache, ...S, ...at(t1 + 40 * DAY + H)]).trim().split('\n');
    expect(text[0]).toBe('older than 30 days, kept as daily totals: 1 eviction from 2025-06-01 to 2025-06-01, 64.0 KiB freed');
    expect(text.filter((l) => /^\S+ +a\.img /.test(l))).toHaveLength(1);
    expect(text.some((l) => / b\.img /.test(l))).toBe(false);
    const json = JSON.parse(cli(['history', t.cache, '--json', ...S, ...at(t1 + 40 * DAY + H)])) as { evictions: { name: string }[]; older: unknown };
    expect(json.evictions.map((e) => e.name)).toEqual(['a.img']);
    expect(json.older).toEqual({ evictions: 1, bytes: 65536, refetches: 0, refetchedBytes: 0, from: '2025-06-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' });
    // a period that begins after them does not mention them
    const recent = JSON.parse(cli(['history', t.cache, '--json', '--since', '7d', ...S, ...at(t1 + 40 * DAY + H)])) as { evictions: unknown[]; older: unknown };
    expect(recent).toMatchObject({ evictions: [], older: null });
    expect(cli(['history', t.cache, '--since', '7d', ...S, ...at(t1 + 40 * DAY + H)])).toBe(`no evictions recorded since ${new Date(t1 + 33 * DAY + H).toISOString().replace(/\.\d+Z$/, 'Z')}\n`);
  });
});
