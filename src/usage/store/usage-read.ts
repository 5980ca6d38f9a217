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
  id: Float64Array;
  name: string[];
  dev: Float64Array;
  ino: Float64Array;
  firstSeenMs: Float64Array;
  /** Hits still kept one row each (`cachesweep touch`): the re-check compares this count with a fresh one. */
  rawHits: Float64Array;
  /** Uses besides the raw hits: in-use observations and the uses folded into day counts (retention.ts). */
  otherUses: Float64Array;
  /** The latest use (ms); meaningless where the row has no use. */
  lastUseMs: Float64Array;
  /** With a half-life: every use weighted 2^(-age / halfLife) at `now`, oldest first (policy/frequency.ts); 0 without uses. */
  weight?: Float64Array;
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

/**
 * A root's live entries, in the order of their id, each column as one text: numbers joined by commas (SQLite writes
 * integers exactly and a REAL with 17 significant digits, which reads back to the same double: usage-read tests check
 * it on awkward values), names as a JSON array, a name kept as raw bytes (a BLOB, db-name.ts) as [hex]. One value per
 * column instead of one row per entry: a row costs better-sqlite3 about half a microsecond before its values; the
 * texts parse in V8's JSON parser. At most `limit` entries per read, from the id after `after` (the entries_root index
 * holds root, gone and id in that order: a range of it, no sort): see CHUNK_ROWS.
 */
const LIVE = 'SELECT count(*) FROM entries WHERE root_id = ? AND gone_ms IS NULL';
const ENTRIES = `
  SELECT count(*), min(id), max(id), group_concat(id), json_group_array(CASE WHEN typeof(name) = 'blob' THEN json_array(hex(name)) ELSE name END),
    group_concat(dev), group_concat(ino), group_concat(first_seen_ms)
  FROM (SELECT id, name, dev, ino, first_seen_ms FROM entries WHERE root_id = ? AND gone_ms IS NULL AND id > ? ORDER BY id LIMIT ?)`;

/**
 * One use table counted per entry in one pass of its (entry_id, ...) index, over the id range of the root's live
 * entries (rows of other entries in the range are dropped when matched by id). Not a correlated subquery per entry and
 * table: six index searches per entry cost more than the pass, and a row per entry back to JavaScript more than both.
 */
const PER_ENTRY = (table: string, count: string, last: string) => `
  SELECT group_concat(entry_id), group_concat(n), group_concat(m)
  FROM (SELECT entry_id, ${count} AS n, ${last} AS m FROM ${table} WHERE entry_id BETWEEN ? AND ? GROUP BY entry_id)`;
const COUNTS = [PER_ENTRY('hits', 'count(*)', 'max(at_ms)'), PER_ENTRY('in_use', 'count(*)', 'max(at_ms)'), PER_ENTRY('use_days', 'sum(hits + in_use)', 'max(last_ms)')];

/**
 * Every use of the range with a half-life, as a time and a count (a day bucket counts its uses at its latest), by
 * entry then time. At one time the sum must take a hit before an in-use observation before a day bucket (`src`): the
 * order in which SQLite's `ORDER BY t` within an aggregate fed them when it summed them (a stable sort, arms in this
 * order). Not in the ORDER BY: SQLite then sorts each entry's rows again for a constant of each arm, where a merge of
 * the three arms already gives them in that order (checked in sumOrder, which sorts when it does not).
 */
const USES = `
  SELECT group_concat(entry_id), group_concat(t), group_concat(n), group_concat(src) FROM (
    SELECT entry_id, at_ms AS t, 1 AS n, 0 AS src FROM hits WHERE entry_id BETWEEN @lo AND @hi
    UNION ALL SELECT entry_id, at_ms, 1, 1 FROM in_use WHERE entry_id BETWEEN @lo AND @hi
    UNION ALL SELECT entry_id, last_ms, hits + in_use, 2 FROM use_days WHERE entry_id BETWEEN @lo AND @hi
    ORDER BY entry_id, t)`;

/** A column of numbers as group_concat writes it (null: no rows). */
export const numbers = (text: string | null): number[] => (text === null ? [] : (JSON.parse(`[${text}]`) as number[]));

type EntriesRow = [number, number | null, number | null, string | null, string, string | null, string | null, string | null];

/** Row position by entry id: a walk of the ids in order when they come in order (they do: ORDER BY id), else a map. */
function positionOf(ids: ArrayLike<number>): (id: number) => number {
  let ascending = true;
  for (let k = 1; k < ids.length && ascending; k++) ascending = ids[k - 1]! < ids[k]!;
  if (!ascending) {
    const at = new Map(Array.from(ids, (id, k) => [id, k]));
    return (id) => at.get(id) ?? -1;
  }
  let k = 0;
  // Asked in ascending order of id (each table's ids come so); an id below the last one asked starts again from the first.
  return (id) => {
    if (k > 0 && ids[k - 1]! >= id) k = 0;
    while (k < ids.length && ids[k]! < id) k++;
    return k < ids.length && ids[k] === id ? k : -1;
  };
}

/**
 * Entries read per statement. The texts of a whole root at once were the peak of a plan's memory: at a million
 * entries each column's text twice (SQLite's and V8's copy), the names' JSON text (45 MB) and its parse, all alive
 * together, about 300 MB; a chunk's texts die young. Fewer than some thousands a chunk and the statements' own cost
 * shows (each use table is counted per chunk, over the chunk's id range).
 */
export const CHUNK_ROWS = 65_536;

/** A chunk's ids: the first entry's position in the columns, the ids' range. */
interface Chunk {
  start: number;
  end: number;
  lo: number;
  hi: number;
}

/**
 * The root's live entries' columns, read a chunk at a time into arrays of the size counted first (in the same read
 * transaction: no entry comes or goes between); each chunk's id range, for the counts.
 */
function entryColumns(store: UsageStore, rootId: number, chunkRows: number): { c: UsageColumns; chunks: Chunk[] } {
  const count = store.db.prepare(LIVE).pluck().get(rootId) as number;
  const c: UsageColumns = { count, id: new Float64Array(count), name: new Array<string>(count), dev: new Float64Array(count), ino: new Float64Array(count), firstSeenMs: new Float64Array(count), rawHits: new Float64Array(count), otherUses: new Float64Array(count), lastUseMs: new Float64Array(count).fill(-Infinity) };
  const read = store.db.prepare(ENTRIES).raw();
  const chunks: Chunk[] = [];
  for (let start = 0, after = -Infinity; start < count; ) {
    const r = read.get(rootId, after, chunkRows) as EntriesRow;
    const n = r[0];
    const names = JSON.parse(r[4]) as (string | [string])[];
    const parts = [numbers(r[3]), names, numbers(r[5]), numbers(r[6]), numbers(r[7])] as const;
    for (const col of parts) {
      if (col.length !== n || n === 0 || start + n > count) throw new Error(`usage store read: a column has ${col.length} values for ${n} entries, ${count - start} left to read`);
    }
    c.id.set(parts[0], start);
    for (let k = 0; k < n; k++) {
      const name = names[k]!;
      c.name[start + k] = typeof name === 'string' ? name : decodeName(Buffer.from(name[0], 'hex'));
    }
    c.dev.set(parts[2], start);
    c.ino.set(parts[3], start);
    c.firstSeenMs.set(parts[4], start);
    chunks.push({ start, end: start + n, lo: r[1]!, hi: r[2]! });
    start += n;
    after = r[2]!;
  }
  return { c, chunks };
}

/** Each use table's count and latest per entry, added into the columns. */
function addCounts(store: UsageStore, c: UsageColumns, lo: number, hi: number, position: (id: number) => number): void {
  COUNTS.forEach((sql, table) => {
    const [ids, ns, ms] = (store.db.prepare(sql).raw().get(lo, hi) as [string | null, string | null, string | null]).map(numbers) as [number[], number[], number[]];
    const into = table === 0 ? c.rawHits : c.otherUses;
    for (let j = 0; j < ids.length; j++) {
      const k = position(ids[j]!);
      if (k < 0) continue;
      into[k] = into[k]! + ns[j]!;
      if (ms[j]! > c.lastUseMs[k]!) c.lastUseMs[k] = ms[j]!;
    }
  });
}

/**
 * The decayed weight of each entry's uses at `now`: the same sum as policy/frequency.ts, in the same order (oldest
 * first, from 0), so that a plan is the same bit for bit as when every time was read as a row and summed in
 * JavaScript. Summed here rather than by SQLite: its own sum() is compensated (Kahan) and its pow() is not V8's, and a
 * JavaScript aggregate that SQLite calls once per use cost more than handing the uses over as text (benchmarks.md).
 */
function decayedWeights(store: UsageStore, w: Float64Array, lo: number, hi: number, position: (id: number) => number, now: number, halfLife: number): void {
  const [ids, ts, ns, srcs] = (store.db.prepare(USES).raw().get({ lo, hi }) as (string | null)[]).map(numbers) as [number[], number[], number[], number[]];
  const order = sumOrder(ids, ts, srcs);
  for (let q = 0; q < ids.length; q++) {
    const j = order ? order[q]! : q;
    const k = position(ids[j]!);
    if (k < 0) continue;
    const x = 2 ** (-Math.max(0, now - ts[j]!) / halfLife);
    w[k] = w[k]! + (ns[j] === 1 ? x : ns[j]! * x);
  }
}

/**
 * Null when the uses came by entry, time and source (USES orders by entry and time, the merge of its arms gives the
 * source; an aggregate's input order is SQLite's to choose, so it is checked), else the positions in that order.
 */
export function sumOrder(ids: readonly number[], ts: readonly number[], srcs: readonly number[]): Uint32Array | null {
  const cmp = (a: number, b: number) => ids[a]! - ids[b]! || ts[a]! - ts[b]! || srcs[a]! - srcs[b]!;
  let sorted = true;
  for (let j = 1; j < ids.length && sorted; j++) sorted = cmp(j - 1, j) <= 0;
  if (sorted) return null;
  // Stable: at one entry, time and source, the index's order, as SQLite's sort kept it.
  return Uint32Array.from(ids.keys()).sort((a, b) => cmp(a, b) || a - b);
}

const EMPTY: UsageColumns = { count: 0, id: new Float64Array(0), name: [], dev: new Float64Array(0), ino: new Float64Array(0), firstSeenMs: new Float64Array(0), rawHits: new Float64Array(0), otherUses: new Float64Array(0), lastUseMs: new Float64Array(0) };

/**
 * Everything the planner reads of a root's live entries, in one read transaction: per entry its identity, first
 * seen, count and latest of its uses (counted by SQLite), and with `halfLifeMs` their decayed weight at `nowMs`. No
 * hit becomes a JavaScript value but with a half-life, and then as four numbers of a text, not a row.
 */
export function readRootUsage(store: UsageStore, rootPath: string, opts: { nowMs: number; halfLifeMs?: number; chunkRows?: number }): RootUsage {
  return store.guard(() =>
    store.db.transaction((): RootUsage => {
      const root = findRoot(store, rootPath);
      if (!root) return { root: null, firstRunMs: null, rows: EMPTY, pins: new Map() };
      const { c, chunks } = entryColumns(store, root.id, opts.chunkRows ?? CHUNK_ROWS);
      if (opts.halfLifeMs !== undefined) c.weight = new Float64Array(c.count);
      for (const { start, end, lo, hi } of chunks) {
        const local = positionOf(c.id.slice(start, end));
        const position = (id: number): number => {
          const k = local(id);
          return k < 0 ? -1 : start + k;
        };
        addCounts(store, c, lo, hi, position);
        if (c.weight) decayedWeights(store, c.weight, lo, hi, position, opts.nowMs, opts.halfLifeMs!);
      }
      const first = store.db.prepare('SELECT MIN(started_ms) AS t FROM runs WHERE root_id = ?').get(root.id) as { t: number | null };
      return { root, firstRunMs: first.t, rows: c, pins: readPins(store, root.id) };
    })(),
  );
}
