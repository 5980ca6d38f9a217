import type { Entry, Usage } from '../shared/types.js';
import { UsageByEntry } from './entry-usage.js';
import { MergedColumns, NOT_IN_USE } from './merged-columns.js';
import { namesAscending, searchByName } from '../shared/name-order.js';
import { asSignals, isRows, rowArrival, rowSignal, rowWeight, type Collected, type UsageRows, type UsageSignal } from './signal.js';

export interface MergeOptions {
  /** Ignore atimes (for filesystems mounted noatime, or when something else reads every file). */
  noAtime?: boolean;
}

/** The usage that file times alone give. */
export function usageFromTimes(entry: Entry, opts: MergeOptions = {}): Usage {
  return { lastUsedMs: timesOf(entry, opts), hits: 0, inUse: NOT_IN_USE, pinned: false };
}

const timesOf = (e: Entry, opts: MergeOptions): number => (opts.noAtime ? e.mtimeMs : Math.max(e.mtimeMs, e.atimeMs));

/** A block of store rows, and how many signals came before it in the collected list (where its signals stand). */
interface PlacedRows {
  rows: UsageRows;
  at: number;
}

/**
 * Merge every signal into one Usage per entry: lastUsed is the newest of all, hits add up,
 * in-use reasons accumulate, pinned if any source says so. Pure.
 *
 * Each usage is made once, with its final fields, from the signals that name its entry (and those that name every
 * entry), taken in the order given: not made from the times and then grown field by field, which left 200k
 * objects with a second store for the fields added later, and copied and sorted every entry's hit times. The usages
 * are kept as columns (merged-columns.ts), and an entry whose only evidence is its file times and one row of the
 * store's block is merged into them without any object: a signal object per entry from the store and a Usage per entry
 * were each about 100 bytes of 200,000 entries.
 */
export function mergeUsage(entries: readonly Entry[], collected: readonly Collected[], opts: MergeOptions = {}): ReadonlyMap<string, Usage> {
  const signals: UsageSignal[] = [];
  const blocks: PlacedRows[] = [];
  for (const c of collected) {
    if (isRows(c)) blocks.push({ rows: c, at: signals.length });
    else signals.push(c);
  }
  // A block of other entries than these (no caller gives one) is read by name, as its signals.
  if (blocks.some((b) => b.rows.entries !== entries)) return mergeUsage(entries, asSignals(collected), opts);
  const byEntry = signalsByEntry(entries, signals);
  if (!byEntry) return mergedByName(entries, asSignals(collected), opts);
  const { first, more, global, byName } = byEntry;
  const out = new MergedColumns(entries.length);
  const one: UsageSignal[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const t = timesOf(e, opts);
    const f = first[i]!;
    // The entry's rows in the blocks: how many, and the last one (the one, usually).
    let rows = 0;
    let k = -1;
    let from: UsageRows | undefined;
    for (let j = 0; j < blocks.length; j++) {
      const r = blocks[j]!.rows.rowOf[i]!;
      if (r >= 0) (rows++, (k = r), (from = blocks[j]!.rows));
    }
    const alone = f < 0 && global.length === 0;
    if (alone && rows === 0) {
      out.times(i, t);
      continue;
    }
    if (alone && rows === 1 && rowInto(out, i, t, from!, k)) continue;
    let list: UsageSignal[];
    if (rows === 0 && global.length === 0 && !more.has(i)) {
      one[0] = signals[f]!;
      list = one;
    } else list = withRows(inOrder(f < 0 ? [] : [f, ...(more.get(i) ?? [])], global), signals, blocks, e.name, i);
    out.put(i, merged({ lastUsedMs: t, hits: 0, inUse: NOT_IN_USE, pinned: false }, list));
  }
  return new UsageByEntry(entries, out, byName);
}

/** Two entries of one name (no scan gives them): one usage, in the place of the first, as a Map keeps it. */
function mergedByName(entries: readonly Entry[], signals: readonly UsageSignal[], opts: MergeOptions): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const e of entries) out.set(e.name, usageFromTimes(e, opts));
  for (const s of signals) {
    if (s.name === null) for (const [name, u] of out) out.set(name, merged(u, [s]));
    else {
      const u = out.get(s.name);
      if (u) out.set(s.name, merged(u, [s]));
    }
  }
  return out;
}

/** Row k of block b merged into the times `t` of entry i, as merged() would merge rowSignal's signal; false when the columns cannot hold it. */
function rowInto(out: MergedColumns, i: number, t: number, b: UsageRows, k: number): boolean {
  const firstSeenMs = b.firstSeenMs[k]!;
  const weight = rowWeight(b, k);
  return out.row(i, t, firstSeenMs, b.uses[k]!, b.lastUseMs[k]!, weight !== undefined ? { halfLifeMs: b.halfLifeMs!, weight } : undefined, rowArrival(b, firstSeenMs));
}

/** The signals at positions `ks` (ascending), with each block's signal for entry i at the block's place among them. */
function withRows(ks: readonly number[], signals: readonly UsageSignal[], blocks: readonly PlacedRows[], name: string, i: number): UsageSignal[] {
  const list: UsageSignal[] = [];
  let j = 0;
  const upTo = (k: number) => {
    for (; j < blocks.length && blocks[j]!.at <= k; j++) {
      const r = blocks[j]!.rows.rowOf[i]!;
      if (r >= 0) list.push(rowSignal(blocks[j]!.rows, name, r));
    }
  };
  for (const k of ks) {
    upTo(k);
    list.push(signals[k]!);
  }
  upTo(Infinity);
  return list;
}

/** Signal positions by entry position (first, and any further ones), and those of signals naming every entry. */
interface ByEntry {
  first: Int32Array;
  more: Map<number, number[]>;
  global: number[];
  /** Positions by name, made only when the entries are not in name order. */
  byName: Map<string, number> | undefined;
}

/**
 * Which entry each signal names. Providers give their signals in entry order (the store one per entry), and the scan
 * gives entries in name order: the next entry is tried first, then a search by name; a map only for another order.
 * Undefined when two entries have one name.
 */
function signalsByEntry(entries: readonly Entry[], signals: readonly UsageSignal[]): ByEntry | undefined {
  const n = entries.length;
  let byName: Map<string, number> | undefined;
  if (!namesAscending(entries)) {
    byName = new Map();
    for (let i = 0; i < n; i++) byName.set(entries[i]!.name, i);
    if (byName.size !== n) return undefined;
  }
  const first = new Int32Array(n).fill(-1);
  const more = new Map<number, number[]>();
  const global: number[] = [];
  let next = 0;
  for (let k = 0; k < signals.length; k++) {
    const name = signals[k]!.name;
    if (name === null) {
      global.push(k);
      continue;
    }
    let i: number;
    if (next < n && entries[next]!.name === name) i = next;
    else i = byName ? (byName.get(name) ?? -1) : searchByName(entries, name);
    if (i < 0) continue;
    next = i + 1;
    if (first[i]! < 0) first[i] = k;
    else {
      const m = more.get(i);
      if (m) m.push(k);
      else more.set(i, [k]);
    }
  }
  return { first, more, global, byName };
}

/** Two ascending lists of positions as one. */
function inOrder(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

const ascending = (t: readonly number[]): boolean => {
  for (let i = 1; i < t.length; i++) if (!(t[i - 1]! <= t[i]!)) return false;
  return true;
};

/**
 * The usage `start` becomes once `list` is applied to it in order, as merging the signals one by one into it would
 * (start is not changed). Hit times of one source, already in order, are kept as they are.
 */
function merged(start: Usage, list: readonly UsageSignal[]): Usage {
  let { lastUsedMs, hits, inUse, pinned } = start;
  let times = start.hitTimesMs;
  let firstSeenMs = start.firstSeenMs;
  let arrivedByMs = start.arrivedByMs;
  let refetches = start.refetches;
  let returnGapMs = start.returnGapMs;
  let pinnedUntilMs = start.pinnedUntilMs;
  let decayed = start.decayed;
  if (inUse.length > 0) inUse = [...inUse];
  for (const s of list) {
    if (s.lastUsedMs !== undefined && s.lastUsedMs > lastUsedMs) lastUsedMs = s.lastUsedMs;
    if (s.hits) hits += s.hits;
    if (s.hitTimesMs?.length) times = !times && ascending(s.hitTimesMs) ? s.hitTimesMs : [...(times ?? []), ...s.hitTimesMs].sort((a, b) => a - b);
    if (s.decayed) decayed = decayed ? { ...decayed, uses: decayed.uses + s.decayed.uses, weight: decayed.weight + s.decayed.weight } : s.decayed;
    if (s.firstSeenMs !== undefined && (firstSeenMs === undefined || s.firstSeenMs < firstSeenMs)) firstSeenMs = s.firstSeenMs;
    if (s.arrivedByMs !== undefined && (arrivedByMs === undefined || s.arrivedByMs < arrivedByMs)) arrivedByMs = s.arrivedByMs;
    if (s.refetches !== undefined) refetches = Math.max(refetches ?? 0, s.refetches);
    if (s.returnGapMs !== undefined) returnGapMs = s.returnGapMs;
    if (s.inUse?.length) for (const r of s.inUse) if (!inUse.includes(r)) inUse = inUse === NOT_IN_USE ? [r] : (inUse.push(r), inUse);
    if (s.pinned) {
      // The pin that lasts longest wins: one without end, else the latest end.
      const endless = (pinned && pinnedUntilMs === undefined) || s.pinnedUntilMs === undefined;
      pinnedUntilMs = endless ? undefined : Math.max(pinnedUntilMs ?? 0, s.pinnedUntilMs!);
      pinned = true;
    }
  }
  // A count summed from the store's Float64Array columns arrives as a double: stored as one, it made `hits` a boxed
  // double field of every usage (16 bytes an entry more). The same count as a small integer, when it is one.
  if (hits === (hits | 0)) hits |= 0;
  // The store's usual case in one literal (no second store for added fields); the rest added as they come. The store
  // hands over no hit times (it counts them itself), and with --half-life their decayed sum.
  const u: Usage =
    firstSeenMs !== undefined
      ? decayed !== undefined
        ? { lastUsedMs, hits, inUse, pinned, firstSeenMs, decayed }
        : { lastUsedMs, hits, inUse, pinned, firstSeenMs }
      : { lastUsedMs, hits, inUse, pinned };
  if (times !== undefined) u.hitTimesMs = times;
  if (decayed !== undefined) u.decayed = decayed;
  if (arrivedByMs !== undefined) u.arrivedByMs = arrivedByMs;
  if (refetches !== undefined) u.refetches = refetches;
  if (returnGapMs !== undefined) u.returnGapMs = returnGapMs;
  if (pinnedUntilMs !== undefined) u.pinnedUntilMs = pinnedUntilMs;
  return u;
}
