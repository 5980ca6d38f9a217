import type Database from 'better-sqlite3';
import { decodeName } from '../../shared/names.js';
import { findRoot, readPins, type RootRow } from './read.js';
import type { UsageStore } from './store.js';

/**
 * What the planner needs of a root's live entries' recorded uses, computed by SQLite, one array per field: row k of
 * every array is one entry (in the order of its id). Columns, not an object per row: at 200,000 entries the row
 * objects, their keys and the better-sqlite3 row per entry were most of a plan's store stage (benchmarks.md).
 */
export interface UsageColumns {
  /** How many rows. */
  count: number;
  id: number[];
  name: string[];
  dev: number[];
  ino: number[];
  firstSeenMs: number[];
  /** Hits still kept one row each (`cachesweep touch`): the re-check compares this count with a fresh one. */
  rawHits: number[];
  /** Uses besides the raw hits: in-use observations and the uses folded into day counts (retention.ts). */
  otherUses: number[];
  /** The latest use (ms); meaningless (0) where the row has no use. */
  lastUseMs: number[];
  /** With a half-life: every use weighted 2^(-age / halfLife) at `now`, oldest first (policy/frequency.ts); 0 without uses. */
  weight?: number[];
}

/** One row of the columns as an object (for tests and the odd caller; the planner reads the columns). */
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
  rawHits: number;
  weight?: number;
}

export interface RootUsage {
  root: RootRow | null;
  /** When the root's first recorded run started (null: none yet): what was seen then was there before cachesweep looked. */
  firstRunMs: number | null;
  rows: UsageColumns;
  /** Pinned names, with when each pin ends (null: until unpinned); ended pins included. */
  pins: Map<string, number | null>;
}

export function usageRow(c: UsageColumns, k: number): EntryUsageRow {
  const uses = c.rawHits[k]! + c.otherUses[k]!;
  const r: EntryUsageRow = { id: c.id[k]!, name: c.name[k]!, dev: c.dev[k]!, ino: c.ino[k]!, firstSeenMs: c.firstSeenMs[k]!, uses, lastUseMs: uses > 0 ? c.lastUseMs[k]! : null, rawHits: c.rawHits[k]! };
  if (c.weight && uses > 0) r.weight = c.weight[k]!;
  return r;
}

export function* usageRows(c: UsageColumns): Generator<EntryUsageRow> {
  for (let k = 0; k < c.count; k++) yield usageRow(c, k);
}

/** Per entry, its uses as one time and a count each: raw rows count one, a day bucket its count at its latest use. */
const USES_OF = (id: string) => `
  SELECT at_ms AS t, 1 AS n FROM hits WHERE entry_id = ${id}
  UNION ALL SELECT at_ms, 1 FROM in_use WHERE entry_id = ${id}
  UNION ALL SELECT last_ms, hits + in_use FROM use_days WHERE entry_id = ${id}`;

/**
 * One row per live entry, each use table searched through its (entry_id, ...) index; nothing here is NULL (group_concat
 * skips NULLs, which would shift a column against the others). SQLite's own part of this is about 70 ms at 200,000
 * entries whatever the shape (a GROUP BY over each table joined to the entries measured no faster): the cost was
 * handing 200,000 rows to JavaScript one by one.
 */
const PER_ENTRY = (weight: string) => `
  SELECT e.id, e.name, e.dev, e.ino, e.first_seen_ms,
    (SELECT count(*) FROM hits WHERE entry_id = e.id) AS raw_hits,
    (SELECT count(*) FROM in_use WHERE entry_id = e.id) + (SELECT coalesce(sum(hits + in_use), 0) FROM use_days WHERE entry_id = e.id) AS other_uses,
    coalesce((SELECT max(t) FROM (SELECT max(at_ms) AS t FROM hits WHERE entry_id = e.id UNION ALL SELECT max(at_ms) FROM in_use WHERE entry_id = e.id
      UNION ALL SELECT max(last_ms) FROM use_days WHERE entry_id = e.id)), 0) AS last_use${weight}
  FROM entries e WHERE e.root_id = ? AND e.gone_ms IS NULL ORDER BY e.id`;

/**
 * Each column as one text: numbers joined by commas (SQLite writes integers exactly and a REAL with 17 significant
 * digits, which reads back to the same double: usage-read tests check it on awkward values), names as a JSON array, a
 * name kept as raw bytes (a BLOB, db-name.ts) as [hex]. One value per column instead of one row per entry: a row
 * costs better-sqlite3 about half a microsecond before its values, the texts parse in V8's JSON parser.
 */
const COLUMNS = (decay: boolean) => `
  SELECT count(*), group_concat(id), json_group_array(CASE WHEN typeof(name) = 'blob' THEN json_array(hex(name)) ELSE name END),
    group_concat(dev), group_concat(ino), group_concat(first_seen_ms), group_concat(raw_hits), group_concat(other_uses),
    group_concat(last_use)${decay ? ', group_concat(weight)' : ''}
  FROM (${PER_ENTRY(decay ? `, coalesce((SELECT cachesweep_decay(t, n, ?, ? ORDER BY t) FROM (${USES_OF('e.id')})), 0) AS weight` : '')})`;

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

/** A column of numbers as group_concat writes it (null: no rows). */
export const numbers = (text: string | null): number[] => (text === null ? [] : (JSON.parse(`[${text}]`) as number[]));
const EMPTY: UsageColumns = { count: 0, id: [], name: [], dev: [], ino: [], firstSeenMs: [], rawHits: [], otherUses: [], lastUseMs: [] };

type ColumnsRow = [number, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null, (string | null)?];

function columnsOf(r: ColumnsRow, decay: boolean): UsageColumns {
  const names = JSON.parse(r[2]) as (string | [string])[];
  const name = names.map((n) => (typeof n === 'string' ? n : decodeName(Buffer.from(n[0], 'hex'))));
  const c: UsageColumns = { count: r[0], id: numbers(r[1]), name, dev: numbers(r[3]), ino: numbers(r[4]), firstSeenMs: numbers(r[5]), rawHits: numbers(r[6]), otherUses: numbers(r[7]), lastUseMs: numbers(r[8]) };
  if (decay) c.weight = numbers(r[9] ?? null);
  for (const col of [c.id, c.name, c.dev, c.ino, c.firstSeenMs, c.rawHits, c.otherUses, c.lastUseMs, c.weight ?? c.id]) {
    if (col.length !== c.count) throw new Error(`usage store read: a column has ${col.length} values for ${c.count} entries`);
  }
  return c;
}

/**
 * Everything the planner reads of a root's live entries, aggregated by SQLite, in one read transaction: per entry its
 * identity, first seen, count and latest of its uses, and with `halfLifeMs` their decayed weight at `nowMs`. The
 * indexes on (entry_id, at_ms) answer each entry's count and latest without a sort; no hit becomes a JavaScript value.
 */
export function readRootUsage(store: UsageStore, rootPath: string, opts: { nowMs: number; halfLifeMs?: number }): RootUsage {
  return store.guard(() =>
    store.db.transaction((): RootUsage => {
      const root = findRoot(store, rootPath);
      if (!root) return { root: null, firstRunMs: null, rows: EMPTY, pins: new Map() };
      const decay = opts.halfLifeMs !== undefined;
      if (decay) registerDecay(store.db);
      const args = decay ? [opts.nowMs, opts.halfLifeMs, root.id] : [root.id];
      const r = store.db.prepare(COLUMNS(decay)).raw().get(...args) as ColumnsRow;
      const first = store.db.prepare('SELECT MIN(started_ms) AS t FROM runs WHERE root_id = ?').get(root.id) as { t: number | null };
      return { root, firstRunMs: first.t, rows: columnsOf(r, decay), pins: readPins(store, root.id) };
    })(),
  );
}
