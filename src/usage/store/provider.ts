import type { Entry } from '../../shared/types.js';
import type { UsageProvider, UsageSignal } from '../signal.js';
import { isPinned, readRootHistory } from './read.js';
import { readNameRegret } from './regret.js';
import type { UsageStore } from './store.js';

const key = (name: string, dev: number, ino: number): string => `${name}\0${dev}\0${ino}`;

/**
 * Usage from the store: recorded hits and in-use observations (each one a use: they count as hits
 * and move last-used), first seen, the GDSF base, and pins (by name). History counts only for the
 * same name on the same device and inode: a replaced file starts afresh. `recheck` reads the pin
 * again right before a deletion, so a pin added while a run is under way still stops it.
 */
export function storeProvider(store: UsageStore, root: string): UsageProvider {
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[]): UsageSignal[] {
      const h = readRootHistory(store, root);
      const rootL = h.root?.gdsfL ?? 0;
      const byKey = new Map(h.entries.map((e) => [key(e.name, e.dev, e.ino), e]));
      const regret = h.root ? store.guard(() => readNameRegret(store, h.root!.id)) : new Map();
      return entries.map((entry) => {
        const rec = byKey.get(key(entry.name, entry.fingerprint.dev, entry.fingerprint.ino));
        // An entry the store has not seen yet arrived since the last run: its GDSF base is the current L.
        const s: UsageSignal = { name: entry.name, gdsfBase: rec?.gdsfBase ?? rootL };
        if (h.pins.has(entry.name)) s.pinned = true;
        // Regret is by name, whatever the inode: an image evicted and downloaded again is a new file of the same name.
        const back = regret.get(entry.name);
        if (back) {
          s.refetches = back.refetches;
          s.lastEvictedMs = back.lastEvictedMs;
        }
        if (rec) {
          s.firstSeenMs = rec.firstSeenMs;
          const times = [...rec.hitTimesMs, ...rec.inUseTimesMs].sort((a, b) => a - b);
          if (times.length > 0) {
            s.hits = times.length;
            s.hitTimesMs = times;
            s.lastUsedMs = times[times.length - 1]!;
          }
        }
        return s;
      });
    },
    recheck(entry: Entry): string[] {
      return isPinned(store, root, entry.name) ? ['pinned with cachesweep pin after the plan was made'] : [];
    },
  };
}
