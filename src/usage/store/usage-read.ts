import type Database from 'better-sqlite3';
import { findRoot, readPins, type RootRow } from './read.js';
import { fromDb } from './db-name.js';
import type { UsageStore } from './store.js';

/** What the planner needs of one live entry's recorded uses, computed by SQLite: one small row per entry. */
export interface EntryUsageRow {
  id: number;
  name: string;
  dev: number;
  ino: number;
  firstSeenMs: number;
  /** Uses: hits, in-use observations, and those folded into day counts (retention.ts). */
  uses: number;
  /** The latest use (ms), or null when there is none. */
  lastUseMs: number | null;
  /** Hits still kept one row each (`cachesweep touch`): the re-check compares this count with a fresh one. */
  rawHits: number;
  /** With a half-life: every use weighted 2^(-age / halfLife) at `now`, oldest first (policy/frequency.ts). */
  weight?: number;
}

export interface RootUsage {
  root: RootRow | null;
  entries: EntryUsageRow[];
  /** Pinned names, with when each pin ends (null: until unpinned); ended pins included. */
  pins: Map<string, number | null>;
}

/** Per entry, its uses as one time and a count each: raw rows count one, a day bucket its count at its latest use. */
const USES_OF = (id: string) => `
  SELECT at_ms AS t, 1 AS n FROM hits WHERE entry_id = ${id}
  UNION ALL SELECT at_ms, 1 FROM in_use WHERE entry_id = ${id}
  UNION ALL SELECT last_ms, hits + in_use FROM use_days WHERE entry_id = ${id}`;

const SELECT = `
  SELECT e.id, e.name, e.dev, e.ino, e.first_seen_ms,
    (SELECT count(*) FROM hits h WHERE h.entry_id = e.id) AS raw_hits,
    (SELECT max(at_ms) FROM hits h WHERE h.entry_id = e.id) AS hit_last,
    (SELECT count(*) FROM in_use u WHERE u.entry_id = e.id) AS in_use,
    (SELECT max(at_ms) FROM in_use u WHERE u.entry_id = e.id) AS in_use_last,
    (SELECT sum(hits + in_use) FROM use_days d WHERE d.entry_id = e.id) AS folded,
    (SELECT max(last_ms) FROM use_days d WHERE d.entry_id = e.id) AS folded_last`;

const WHERE = 'FROM entries e WHERE e.root_id = ? AND e.gone_ms IS NULL ORDER BY e.id';

type Row = [number, string | Buffer, number, number, number, number, number | null, number, number | null, number | null, number | null, number?];

/**
 * The same sum as policy/frequency.ts, in the same order (oldest first, from 0), so that a plan is the same bit for
 * bit as when every time was read as a row and summed in JavaScript: SQLite's own sum() is compensated (Kahan), and
 * its pow() is not V8's. A bucket of n uses counts n times the weight of its latest one.
 */
function registerDecay(db: Database.Database): void {
  if (registered.has(db)) return;
  // Five arguments (better-sqlite3 counts them from the function): the running sum, a use's time, its count, now, half-life.
  const step = (w: number, t: number, n: number, now: number, halfLife: number): number => {
    const x = 2 ** (-Math.max(0, now - t) / halfLife);
    return w + (n === 1 ? x : n * x);
  };
  db.aggregate('cachesweep_decay', { start: 0, step: step as unknown as (w: number, t: number) => number });
  registered.add(db);
}
const registered = new WeakSet<Database.Database>();

/**
 * Everything the planner reads of a root's live entries, aggregated by SQLite, in one read transaction: per entry its
 * identity, first seen, count and latest of its uses, and with `halfLifeMs` their decayed weight at `nowMs`. The
 * indexes on (entry_id, at_ms) answer each entry's count and latest without a sort; no hit becomes a JavaScript value.
 */
export function readRootUsage(store: UsageStore, rootPath: string, opts: { nowMs: number; halfLifeMs?: number }): RootUsage {
  return store.guard(() =>
    store.db.transaction((): RootUsage => {
      const root = findRoot(store, rootPath);
      if (!root) return { root: null, entries: [], pins: new Map() };
      const decay = opts.halfLifeMs !== undefined;
      if (decay) registerDecay(store.db);
      const weight = decay ? `, (SELECT cachesweep_decay(t, n, ?, ? ORDER BY t) FROM (${USES_OF('e.id')})) AS weight ` : ' ';
      const st = store.db.prepare(SELECT + weight + WHERE).raw();
      const args = decay ? [opts.nowMs, opts.halfLifeMs, root.id] : [root.id];
      const entries: EntryUsageRow[] = [];
      for (const r of st.iterate(...args) as Iterable<Row>) {
        const uses = r[5] + r[7] + (r[9] ?? 0);
        const last = Math.max(r[6] ?? -Infinity, r[8] ?? -Infinity, r[10] ?? -Infinity);
        const e: EntryUsageRow = { id: r[0], name: fromDb(r[1]), dev: r[2], ino: r[3], firstSeenMs: r[4], uses, lastUseMs: uses > 0 ? last : null, rawHits: r[5] };
        if (decay && uses > 0) e.weight = r[11]!;
        entries.push(e);
      }
      return { root, entries, pins: readPins(store, root.id) };
    })(),
  );
}
