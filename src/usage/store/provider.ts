import { selfAndAbove } from '../../shared/names.js';
import type { Entry } from '../../shared/types.js';
import type { Collected, UsageProvider, UsageRows, UsageSignal } from '../signal.js';
import type { StoredState } from '../../policy/state.js';
import { recheckRead } from './read.js';
import { readRootUsage, type RootUsage } from './usage-read.js';
import { rowsOfEntries } from './match.js';
import { SeenHits } from './seen-hits.js';
import { readState, readStateRows, stateFor, type StateRows } from './state.js';
import type { UsageStore } from './store.js';
import { readReturns, returnOf, type Returns } from './regret.js';
import { refetchTime } from '../../shared/regret.js';

const met = (e: Entry) => ({ name: e.name, dev: e.fingerprint.dev, ino: e.fingerprint.ino, mtimeMs: e.mtimeMs, bytes: e.bytes });

/**
 * Regret is by name, whatever the inode: an image evicted and downloaded again is a new file of the same name. An
 * entry the store does not know yet may be coming back right now (the run about to record it will record the
 * re-fetch): it counts already, so that a strategy sees the return in the run that finds it.
 */
function returned(s: UsageSignal, entry: Entry, id: number | undefined, r: Returns, pending: () => { atMs: number } | null, now: number): void {
  let count = r.byName.get(entry.name) ?? 0;
  let gap = id !== undefined ? r.gapByEntry.get(id) : undefined;
  if (id === undefined && r.evicted.has(entry.name)) {
    const ev = pending();
    if (ev) {
      count++;
      gap = refetchTime(ev.atMs, now, entry.mtimeMs) - ev.atMs;
    }
  }
  if (count > 0) s.refetches = count;
  if (gap !== undefined) s.returnGapMs = gap;
}

/**
 * A pin on the name or a directory above it; an ended pin protects nothing, without anyone running unpin; a pin named
 * before its entry existed applies now. The longest-lasting one says when the protection ends.
 */
function pinOf(s: UsageSignal, name: string, pins: Map<string, number | null>, now: number): void {
  let forever = false;
  let lastEnd = 0;
  for (const n of selfAndAbove(name)) {
    const until = pins.get(n);
    if (until === null) forever = true;
    else if (until !== undefined && until > now) lastEnd = Math.max(lastEnd, until);
  }
  if (forever) s.pinned = true;
  else if (lastEnd > 0) {
    s.pinned = true;
    s.pinnedUntilMs = lastEnd;
  }
}

/**
 * The store's rows for the entries as one block of columns (signal.ts UsageRows): what row k says is rowSignal's. The
 * uses are the raw hits and the other uses added here, as the signal per entry added them.
 */
function rowsBlock(entries: readonly Entry[], h: RootUsage, rowOf: Int32Array, halfLifeMs: number | undefined): UsageRows {
  const c = h.rows;
  const uses = new Float64Array(c.count);
  for (let k = 0; k < c.count; k++) uses[k] = c.rawHits[k]! + c.otherUses[k]!;
  const b: UsageRows = { kind: 'rows', entries, rowOf, firstSeenMs: c.firstSeenMs, uses, lastUseMs: c.lastUseMs, firstRunMs: h.firstRunMs };
  return c.weight ? { ...b, weight: c.weight, halfLifeMs: halfLifeMs! } : b;
}

/**
 * Usage from the store: recorded hits and in-use observations (each one a use: they count as hits
 * and move last-used), first seen, and pins (by name). History counts only for the same name on the
 * same device and inode: a replaced file starts afresh. `recheck` reads the pin and the hits again right
 * before a deletion, so a pin or a touch made while a run is under way still stops it. `readState`: the
 * state of a strategy that keeps one (state.ts), from the same store. `halfLifeMs`: the plan's (--half-life), so that
 * the store sums the decayed weight of each entry's uses itself instead of handing over every time.
 *
 * Its rows as one block of columns, and a signal only for an entry with a pin or a return: the merge gives every other
 * entry what its file times say, as an empty signal would.
 */
export function storeProvider(store: UsageStore, root: string, o: { halfLifeMs?: number } = {}): UsageProvider {
  /** Hits the plan saw per identity: a hit recorded after it is a use the plan could not know of. */
  let seenHits: SeenHits | undefined;
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[], now: number): Collected[] {
      const read = readAhead(store, root, { nowMs: now, ...(o.halfLifeMs !== undefined ? { halfLifeMs: o.halfLifeMs } : {}) });
      const rootId = read.usage.root?.id;
      const pending = (entry: Entry) => store.guard(() => returnOf(store, rootId!, met(entry), now));
      const c = collectRead(read, entries, now, pending, o.halfLifeMs);
      seenHits = c.seenHits;
      return c.out;
    },
    recheck(entry: Entry, now: number): string[] {
      // One statement, read right before this victim's deletion (not once per batch: a pin or a touch made while the
      // run deletes must still save the entry, and a batch read would answer for victims deleted after it).
      const who = { name: entry.name, dev: entry.fingerprint.dev, ino: entry.fingerprint.ino };
      const recorded = recheckRead(store, root, who, now);
      const reasons = recorded.pinned ? ['pinned with cachesweep pin after the plan was made'] : [];
      // With --no-atime a `cachesweep touch` is the only sign of use: one recorded since the plan keeps the entry.
      if (recorded.count > (seenHits?.get(who.name, who.dev, who.ino) ?? 0)) {
        reasons.push(`used after the plan was made (cachesweep touch at ${new Date(recorded.lastMs ?? 0).toISOString()})`);
      }
      return reasons;
    },
    readState: (strategy, entries) => readState(store, root, strategy, entries),
  };
}

/** What the store provider reads of the store before it sees the entries (readAhead). */
export interface StoreRead {
  usage: RootUsage;
  returns: Returns | null;
  /** A strategy's state, when the run's strategy keeps one. */
  state?: { strategy: string; rows: StateRows };
}

/**
 * Everything the store provider reads that needs no scan, read now: for a run that reads a snapshot of the store, before
 * the scan, so that the snapshot (SQLite's copy of the whole database: 154 MiB for a million entries and 1.5 million
 * hits) is closed before the scan's entries exist, rather than alive beside them until the plan.
 */
export function readAhead(store: UsageStore, root: string, o: { nowMs: number; halfLifeMs?: number; stateOf?: string }): StoreRead {
  const usage = readRootUsage(store, root, { nowMs: o.nowMs, ...(o.halfLifeMs !== undefined ? { halfLifeMs: o.halfLifeMs } : {}) });
  const rootId = usage.root?.id;
  const returns = rootId !== undefined ? store.guard(() => readReturns(store, rootId)) : null;
  return { usage, returns, ...(o.stateOf !== undefined ? { state: { strategy: o.stateOf, rows: readStateRows(store, root, o.stateOf) } } : {}) };
}

/**
 * The store provider of a run that writes nothing, from what readAhead read. An entry that may be coming back from an
 * eviction with no live row of its own (rare: a name cachesweep evicted, back since the last run) is looked up in a
 * snapshot opened for that (`reopen`; none when the store went), once for all such entries (a clean that committed
 * between the two reads may have recorded that return already: this plan, made without the lock, then does not count
 * it). No re-check: a run that deletes opens the store for writing and reads it as it goes (storeProvider).
 */
export function readAheadProvider(first: StoreRead, o: { halfLifeMs?: number }, reopen: () => UsageStore | null): UsageProvider {
  // Let go once collected: the providers live as long as the run, and the rows' columns are 64 MiB at a million entries.
  let held: StoreRead | undefined = first;
  let state = first.state;
  let stored: StoredState | undefined;
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[], now: number): Collected[] {
      const read = held;
      if (!read) throw new Error('the usage store provider collects once');
      held = undefined;
      const rootId = read.usage.root?.id;
      let store: UsageStore | null | undefined;
      const pending = (entry: Entry) => {
        if (store === undefined) store = reopen();
        return store ? store.guard(() => returnOf(store!, rootId!, met(entry), now)) : null;
      };
      try {
        return collectRead(read, entries, now, pending, o.halfLifeMs).out;
      } finally {
        store?.close();
      }
    },
    readState(strategy, entries) {
      // The rows by identity (a key string an entry) are let go too, once matched with the entries.
      if (state?.strategy === strategy) {
        stored = stateFor(state.rows, entries);
        state = undefined;
      }
      if (!stored) throw new Error(`the usage store provider read no state for ${strategy}`);
      return stored;
    },
  };
}

/** The provider's signals from what it read of the store: one block of rows, and a signal per pinned or returning entry. */
function collectRead(
  read: StoreRead,
  entries: readonly Entry[],
  now: number,
  pending: (entry: Entry) => { atMs: number } | null,
  halfLifeMs: number | undefined,
): { out: Collected[]; seenHits: SeenHits } {
  const h = read.usage;
  const returns = read.returns;
  const c = h.rows;
  const rowOf = rowsOfEntries(entries, c);
  for (let i = 0; i < entries.length; i++) {
    const k = rowOf[i]!;
    // The entry's own name string (already live) rather than the row's: what is kept per entry is a slot, not a string.
    if (k >= 0) c.name[k] = entries[i]!.name;
  }
  const hit: number[] = [];
  for (let k = 0; k < c.count; k++) if (c.rawHits[k]! > 0) hit.push(k);
  const at = (col: ArrayLike<number>) => (j: number) => col[hit[j]!]!;
  const seenHits = new SeenHits(hit.length, (j) => c.name[hit[j]!]!, at(c.dev), at(c.ino), at(c.rawHits));
  const anyReturn = returns !== null && (returns.byName.size > 0 || returns.gapByEntry.size > 0 || returns.evicted.size > 0);
  const out: Collected[] = [rowsBlock(entries, h, rowOf, halfLifeMs)];
  if (h.pins.size === 0 && !anyReturn) return { out, seenHits };
  // Pins and returns, which are few, as signals of their own beside the block (the merge applies both).
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const k = rowOf[i]!;
    const s: UsageSignal = { name: entry.name };
    if (h.pins.size > 0) pinOf(s, entry.name, h.pins, now);
    if (anyReturn) returned(s, entry, k >= 0 ? c.id[k] : undefined, returns, () => pending(entry), now);
    if (s.pinned || s.refetches !== undefined || s.returnGapMs !== undefined) out.push(s);
  }
  return { out, seenHits };
}
