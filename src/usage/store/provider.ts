import type { Entry } from '../../shared/types.js';
import type { UsageProvider, UsageSignal } from '../signal.js';
import { identityKey as key, isPinned, readRootHistory } from './read.js';
import { readState } from './state.js';
import type { UsageStore } from './store.js';

/**
 * Usage from the store: recorded hits and in-use observations (each one a use: they count as hits
 * and move last-used), first seen, and pins (by name). History counts only for the same name on the
 * same device and inode: a replaced file starts afresh. `recheck` reads the pin again right before a
 * deletion, so a pin added while a run is under way still stops it. `readState`: the state of a
 * strategy that keeps one (state.ts), from the same store.
 */
export function storeProvider(store: UsageStore, root: string): UsageProvider {
  return {
    name: 'usage-store',
    collect(entries: readonly Entry[]): UsageSignal[] {
      const h = readRootHistory(store, root);
      const byKey = new Map(h.entries.map((e) => [key(e.name, e.dev, e.ino), e]));
      return entries.map((entry) => {
        const rec = byKey.get(key(entry.name, entry.fingerprint.dev, entry.fingerprint.ino));
        const s: UsageSignal = { name: entry.name };
        if (h.pins.has(entry.name)) s.pinned = true;
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
    readState: (strategy, entries) => readState(store, root, strategy, entries),
  };
}
