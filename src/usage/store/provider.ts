import { selfAndAbove } from '../../shared/names.js';
import type { Entry } from '../../shared/types.js';
import type { UsageProvider, UsageSignal } from '../signal.js';
import { identityKey as key, recheckRead } from './read.js';
import { readRootUsage } from './usage-read.js';
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
 * Usage from the store: recorded hits and in-use observations (each one a use: they count as hits
 * and move last-used), first seen, and pins (by name). History counts only for the same name on the
 * same device and inode: a replaced file starts afresh. `recheck` reads the pin and the hits again right
 * before a deletion, so a pin or a touch made while a run is under way still stops it. `readState`: the
 * state of a strategy that keeps one (state.ts), from the same store. `halfLifeMs`: the plan's (--half-life), so that
 * the store sums the decayed weight of each entry's uses itself instead of handing over every time.
 */
export function storeProvider(store: UsageStore, root: string, o: { halfLifeMs?: number } = {}): UsageProvider {
  /** Hits the plan saw per entry: a hit recorded after it is a use the plan could not know of. */
  const seenHits = new Map<string, number>();
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[], now: number): UsageSignal[] {
      const h = readRootUsage(store, root, { nowMs: now, ...(o.halfLifeMs !== undefined ? { halfLifeMs: o.halfLifeMs } : {}) });
      for (const e of h.entries) if (e.rawHits > 0) seenHits.set(key(e.name, e.dev, e.ino), e.rawHits);
      const byKey = new Map(h.entries.map((e) => [key(e.name, e.dev, e.ino), e]));
      const rootId = h.root?.id;
      const returns = rootId !== undefined ? store.guard(() => readReturns(store, rootId)) : null;
      return entries.map((entry) => {
        const rec = byKey.get(key(entry.name, entry.fingerprint.dev, entry.fingerprint.ino));
        const s: UsageSignal = { name: entry.name };
        // A pin on the name or a directory above it; an ended pin protects nothing, without anyone running unpin; a
        // pin named before its entry existed applies now. The longest-lasting one says when the protection ends.
        let forever = false;
        let lastEnd = 0;
        for (const n of selfAndAbove(entry.name)) {
          const until = h.pins.get(n);
          if (until === null) forever = true;
          else if (until !== undefined && until > now) lastEnd = Math.max(lastEnd, until);
        }
        if (forever) s.pinned = true;
        else if (lastEnd > 0) {
          s.pinned = true;
          s.pinnedUntilMs = lastEnd;
        }
        if (returns) returned(s, entry, rec?.id, returns, () => store.guard(() => returnOf(store, rootId!, met(entry), now)), now);
        if (rec) {
          s.firstSeenMs = rec.firstSeenMs;
          if (rec.uses > 0) {
            s.hits = rec.uses;
            s.lastUsedMs = rec.lastUseMs!;
            if (rec.weight !== undefined) s.decayed = { halfLifeMs: o.halfLifeMs!, uses: rec.uses, weight: rec.weight };
          }
        }
        return s;
      });
    },
    recheck(entry: Entry, now: number): string[] {
      // One statement, read right before this victim's deletion (not once per batch: a pin or a touch made while the
      // run deletes must still save the entry, and a batch read would answer for victims deleted after it).
      const who = { name: entry.name, dev: entry.fingerprint.dev, ino: entry.fingerprint.ino };
      const recorded = recheckRead(store, root, who, now);
      const reasons = recorded.pinned ? ['pinned with cachesweep pin after the plan was made'] : [];
      // With --no-atime a `cachesweep touch` is the only sign of use: one recorded since the plan keeps the entry.
      if (recorded.count > (seenHits.get(key(who.name, who.dev, who.ino)) ?? 0)) {
        reasons.push(`used after the plan was made (cachesweep touch at ${new Date(recorded.lastMs ?? 0).toISOString()})`);
      }
      return reasons;
    },
    readState: (strategy, entries) => readState(store, root, strategy, entries),
  };
}
