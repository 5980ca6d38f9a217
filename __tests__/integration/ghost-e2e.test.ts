import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { DAY, KiB } from '../helpers/units.js';

/** The runs here give --state-dir themselves. */
const OWN_STATE = { stateDir: false } as const;

/**
 * `ghost` through the built binary: a clean applies it and the store carries its clocks (tau, tauMain) to the next
 * run; an evicted image that comes back is kept like one used again. Same pattern as popularity-e2e (the clock is
 * the hidden --now):
 *
 *   entry  size      file times  hits (touch)               last used
 *   A      1024 KiB  day 0       6 on day 1                 day 1
 *   B       256 KiB  day 0       1 on day 1, 1 on day 8     day 8
 *   C      4096 KiB  day 0       3 on day 2                 day 2
 *   D       256 KiB  day 0       2 on day 9                 day 9
 *   E      2048 KiB  day 5       none                       day 5
 */
const D0 = Date.UTC(2025, 0, 1);
const day = (n: number): string => new Date(D0 + n * DAY).toISOString();

interface PlanDoc {
  entries: { name: string; decision: string; order: number | null; refetches?: number }[];
}

describe('ghost end to end', () => {
  let t: ReturnType<typeof tempCache>;
  let S: string[];
  const cli = (...args: string[]) => {
    const r = runCliSync([...args, ...S], OWN_STATE);
    if (r.code !== 0) throw new Error(`cachesweep ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return r;
  };
  const order = (strategy: string, now: string, ...extra: string[]): string[] => {
    const doc = JSON.parse(cli('plan', t.cache, '--strategy', strategy, '--json', '--now', now, ...extra).stdout) as PlanDoc;
    return doc.entries.filter((e) => e.decision === 'evict').sort((a, b) => a.order! - b.order!).map((e) => e.name);
  };
  const state = (): Record<string, number> => {
    const db = new Database(path.join(t.state, 'usage.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT key, value FROM strategy_state WHERE strategy = 'ghost'").all() as { key: string; value: number }[];
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    t = tempCache();
    S = ['--state-dir', t.state];
    writeFile(path.join(t.cache, 'A'), 1024 * KiB, D0);
    writeFile(path.join(t.cache, 'B'), 256 * KiB, D0);
    writeFile(path.join(t.cache, 'C'), 4096 * KiB, D0);
    writeFile(path.join(t.cache, 'D'), 256 * KiB, D0);
    writeFile(path.join(t.cache, 'E'), 2048 * KiB, D0 + 5 * DAY);
    const touches: [string, number][] = [...Array<[string, number]>(6).fill(['A', 1]), ['B', 1], ['C', 2], ['C', 2], ['C', 2], ['B', 8], ['D', 9], ['D', 9]];
    for (const [e, d] of touches) cli('touch', t.cache, e, '--now', day(d));
  });
  afterAll(() => t.cleanup());

  it('a clean evicts the entry never used first (over 10% of the cache), then by last use: no clock yet; and stores its clocks', () => {
    // 7680 KiB, --threshold 7M --target 5M: 2560 KiB must go. E (2048 KiB, 27% of the cache) is on probation;
    // then, with tauMain still 0, a use buys nothing: A (day 1) before C (day 2). lru would take A and C.
    const r = cli('clean', t.cache, '--strategy', 'ghost', '--threshold', '7M', '--target', '5M', '--now', day(10), '--json');
    expect((JSON.parse(r.stdout) as { applied: { deleted: string[] } }).applied.deleted).toEqual(['E', 'A']);
    // tau: the mean idle time of both victims (5 and 9 days); tauMain: of A alone, the one past probation
    expect(state()).toEqual({ tau: 7 * DAY, n: 2, tauMain: 9 * DAY, nMain: 1 });
  });

  it('an evicted image that comes back within two tau is kept like one used again; a newcomer used once goes first', () => {
    writeFile(path.join(t.cache, 'A'), 1024 * KiB, D0 + 10.5 * DAY); // downloaded again half a day after its eviction
    writeFile(path.join(t.cache, 'F'), 1024 * KiB, D0 + 10.75 * DAY);
    cli('touch', t.cache, 'F', '--now', day(11));
    // Everything must go, so the order is the whole ranking. F (1024 of 6656 KiB, 15%) is on probation and goes first
    // although the newest; then by key: C, B and D were last used before any clean (tauMain 0 then), A came back
    // (key day 10.5 + tauMain 9 days x 1 return = day 19.5) and is kept longest.
    expect(order('ghost', day(12), '--threshold', '1K', '--target', '1K')).toEqual(['F', 'C', 'B', 'D', 'A']);
    expect(order('lru', day(12), '--threshold', '1K', '--target', '1K')).toEqual(['C', 'B', 'D', 'A', 'F']);
    const doc = JSON.parse(cli('plan', t.cache, '--strategy', 'ghost', '--threshold', '1K', '--json', '--now', day(12)).stdout) as PlanDoc;
    expect(doc.entries.find((e) => e.name === 'A')!.refetches).toBe(1);
  });
});
