import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { HOUR, DAY, KiB } from '../helpers/units.js';

/** The runs here give --state-dir themselves. */
const OWN_STATE = { stateDir: false } as const;

/**
 * A cache used in a known pattern over simulated days (the clock is the hidden --now; nothing sleeps),
 * and the plan each strategy must give on day 10. Sizes are multiples of 4 KiB, so allocated = apparent.
 *
 *   entry  size      file times  hits (touch)               last used
 *   A      1024 KiB  day 0       6 on day 1                 day 1
 *   B       256 KiB  day 0       1 on day 1, 1 on day 8     day 8
 *   C      4096 KiB  day 0       3 on day 2                 day 2
 *   D       256 KiB  day 0       2 on day 9                 day 9
 *   E      2048 KiB  day 5       none                       day 5
 *
 * Total 7680 KiB; --threshold 7M --target 5M: 2560 KiB must go.
 */
const D0 = Date.UTC(2025, 0, 1);
const day = (n: number): string => new Date(D0 + n * DAY).toISOString();

interface PlanDoc {
  notes: string[];
  entries: { name: string; decision: string; reason: string; order: number | null; hits: number }[];
}

describe('popularity end to end: simulated days of use', () => {
  let t: ReturnType<typeof tempCache>;
  let S: string[];
  const cli = (...args: string[]) => {
    const r = runCliSync([...args, ...S], OWN_STATE);
    if (r.code !== 0 && r.code !== 5) throw new Error(`cachesweep ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return r;
  };
  const victims = (strategy: string, now: string, ...extra: string[]): { victims: string[]; notes: string[] } => {
    const doc = JSON.parse(cli('plan', t.cache, '--strategy', strategy, '--json', '--now', now, ...extra).stdout) as PlanDoc;
    const v = doc.entries.filter((e) => e.decision === 'evict').sort((a, b) => a.order! - b.order!);
    return { victims: v.map((e) => e.name), notes: doc.notes };
  };
  const pressure = ['--threshold', '7M', '--target', '5M'];

  beforeAll(() => {
    t = tempCache();
    S = ['--state-dir', t.state];
    writeFile(path.join(t.cache, 'A'), 1024 * KiB, D0);
    writeFile(path.join(t.cache, 'B'), 256 * KiB, D0);
    writeFile(path.join(t.cache, 'C'), 4096 * KiB, D0);
    writeFile(path.join(t.cache, 'D'), 256 * KiB, D0);
    writeFile(path.join(t.cache, 'E'), 2048 * KiB, D0 + 5 * DAY);
  });
  afterAll(() => t.cleanup());

  it('without any history, lfu and gdsf rank by recency (file times) and the plan says so', () => {
    for (const s of ['lfu', 'gdsf']) {
      const p = victims(s, day(10), ...pressure);
      expect(p.victims).toEqual(['A', 'B', 'C']); // A, B, C, D all last used on day 0: by name
      expect(p.notes).toEqual([expect.stringMatching(new RegExp(`^${s}: no hits recorded yet`))]);
    }
  });

  it('after the touches, each strategy gives its own plan on day 10', () => {
    cli('touch', t.cache, 'A', 'A', 'A', 'A', 'A', 'A', 'B', '--now', day(1));
    cli('touch', t.cache, 'C', 'C', 'C', '--now', day(2));
    cli('touch', t.cache, 'B', '--now', day(8));
    cli('touch', t.cache, 'D', 'D', '--now', day(9));

    // lru: last used A day 1, C day 2, E day 5, B day 8, D day 9.
    expect(victims('lru', day(10), ...pressure).victims).toEqual(['A', 'C']);
    // lfu: hits E 0, B 2 (last used day 8), D 2 (day 9), C 3, A 6.
    expect(victims('lfu', day(10), ...pressure)).toEqual({ victims: ['E', 'B', 'D'], notes: [] });
    expect(victims('popularity', day(10), ...pressure).victims).toEqual(['E', 'B', 'D']);
    // lfu with a 1-day half-life: E 0; A 6 x 2^-9 = C 3 x 2^-8 = 0.0117 (tie: A used less recently); B 2^-9 + 2^-2; D 2 x 2^-1.
    expect(victims('lfu', day(10), ...pressure, '--half-life', '1d').victims).toEqual(['E', 'A']);
    // size: largest first.
    expect(victims('size', day(10), ...pressure).victims).toEqual(['C']);
    // gdsf (L = 0): hits / MiB: E 0, C 3/4 = 0.75, A 6/1, B 2/0.25 = 8 (day 8), D 8 (day 9).
    expect(victims('gdsf', day(10), ...pressure)).toEqual({ victims: ['E', 'C'], notes: [] });
  });

  it('a gdsf clean deletes that plan, records why, and carries L to the next run', () => {
    const r = cli('clean', t.cache, '--strategy', 'gdsf', ...pressure, '--now', day(10), '--json');
    expect((JSON.parse(r.stdout) as { applied: { deleted: string[] } }).applied.deleted).toEqual(['E', 'C']);

    const hist = JSON.parse(cli('history', t.cache, '--json', '--now', day(10)).stdout) as { evictions: { at: string; name: string; reason: string; strategy: string; bytes: number; hits: number }[] };
    expect(hist.evictions).toEqual([
      expect.objectContaining({ at: day(10), name: 'E', reason: 'over-threshold', strategy: 'gdsf', bytes: 2048 * KiB, hits: 0 }),
      expect.objectContaining({ at: day(10), name: 'C', reason: 'over-threshold', strategy: 'gdsf', bytes: 4096 * KiB, hits: 3 }),
    ]);

    // L rose to the priority of the last entry evicted: C's 0.75.
    const db = new Database(path.join(t.state, 'usage.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT value AS L FROM strategy_state WHERE strategy = 'gdsf' AND key = 'L'").all()).toEqual([{ L: 0.75 }]);
    } finally {
      db.close();
    }
  });

  it('on day 11 a newcomer used once starts from L and outlives the old favourite', () => {
    // F: 176 KiB, one hit on day 11. Its priority 0.75 + 1 / (176/1024) = 6.57 is above A's 0 + 6/1 = 6;
    // without L it would be 5.82 and go first.
    writeFile(path.join(t.cache, 'F'), 176 * KiB, D0 + 10.5 * DAY);
    cli('touch', t.cache, 'F', '--now', day(11));
    // Left: A 1024, B 256, D 256, F 176 = 1712 KiB; --target 512K: 1200 KiB must go.
    const now = new Date(D0 + 11 * DAY + HOUR).toISOString();
    expect(victims('gdsf', now, '--threshold', '1M', '--target', '512K').victims).toEqual(['A', 'F']);
    // The same cache ranked by lfu: F (1 hit) goes first, then B and D (2 each), and A (6) only because 1200 KiB must go.
    expect(victims('lfu', now, '--threshold', '1M', '--target', '512K').victims).toEqual(['F', 'B', 'D', 'A']);
  });
});
