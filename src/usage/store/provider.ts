import { selfAndAbove } from '../../shared/names.js';
import type { Entry } from '../../shared/types.js';
import type { UsageProvider, UsageSignal } from '../signal.js';
import { recheckRead } from './read.js';
import { readRootUsage, type RootUsage } from './usage-read.js';
import { rowsOfEntries } from './match.js';
import { SeenHits } from './seen-hits.js';
import { readState } from './state.js';
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
 * The store's row k as the entry's signal: first seen, arrival, and its uses (counted, latest, decayed). Made in one
 * literal of the usual fields (a field added later costs each of 200,000 signals a second store for its fields).
 */
function recorded(name: string, h: RootUsage, k: number, halfLifeMs: number | undefined): UsageSignal {
  const c = h.rows;
  const firstSeenMs = c.firstSeenMs[k]!;
  const uses = c.rawHits[k]! + c.otherUses[k]!;
  const s: UsageSignal = uses > 0 ? { name, firstSeenMs, hits: uses, lastUsedMs: c.lastUseMs[k]! } : { name, firstSeenMs };
  if (uses > 0 && c.weight) s.decayed = { halfLifeMs: halfLifeMs!, uses, weight: c.weight[k]! };
  // Found by a later run than the first: it arrived between two runs. Seen by the first run (or touched before it), it
  // was there before cachesweep looked, however recent its first_seen.
  if (h.firstRunMs !== null && firstSeenMs > h.firstRunMs) s.arrivedByMs = firstSeenMs;
  return s;
}

/**
 * Usage from the store: recorded hits and in-use observations (each one a use: they count as hits
 * and move last-used), first seen, and pins (by name). History counts only for the same name on the
 * same device and inode: a replaced file starts afresh. `recheck` reads the pin and the hits again right
 * before a deletion, so a pin or a touch made while a run is under way still stops it. `readState`: the
 * state of a strategy that keeps one (state.ts), from the same store. `halfLifeMs`: the plan's (--half-life), so that
 * the store sums the decayed weight of each entry's uses itself instead of handing over every time.
 *
 * A signal only for an entry the store has something to say about (a row, a pin, a return): the merge gives every
 * other entry what its file times say, as an empty signal would.
 */
export function storeProvider(store: UsageStore, root: string, o: { halfLifeMs?: number } = {}): UsageProvider {
  /** Hits the plan saw per identity: a hit recorded after it is a use the plan could not know of. */
  let seenHits: SeenHits | undefined;
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[], now: number): UsageSignal[] {
      const h = readRootUsage(store, root, { nowMs: now, ...(o.halfLifeMs !== undefined ? { halfLifeMs: o.halfLifeMs } : {}) });
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
      seenHits = new SeenHits(hit.length, (j) => c.name[hit[j]!]!, at(c.dev), at(c.ino), at(c.rawHits));
      const rootId = h.root?.id;
      const returns = rootId !== undefined ? store.guard(() => readReturns(store, rootId)) : null;
      const anyReturn = returns !== null && (returns.byName.size > 0 || returns.gapByEntry.size > 0 || returns.evicted.size > 0);
      const signals: UsageSignal[] = [];
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        const k = rowOf[i]!;
        const s: UsageSignal = k >= 0 ? recorded(entry.name, h, k, o.halfLifeMs) : { name: entry.name };
        if (h.pins.size > 0) pinOf(s, entry.name, h.pins, now);
        if (anyReturn) returned(s, entry, k >= 0 ? c.id[k] : undefined, returns, () => store.guard(() => returnOf(store, rootId!, met(entry), now)), now);
        if (k >= 0 || s.pinned || s.refetches !== undefined || s.returnGapMs !== undefined) signals.push(s);
      }
      return signals;
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
