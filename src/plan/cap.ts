import { formatBytes } from '../shared/units.js';
import type { DeleteCap, PlannedEntry } from './types.js';
import type { Entry } from '../shared/types.js';

/** Victims in eviction order, as the cap reads them (plan/victims.ts). */
export interface VictimList {
  readonly length: number;
  entry(k: number): Entry;
  planned(k: number): PlannedEntry;
}

/**
 * Apply `--max-delete` to victims in eviction order: the longest prefix within the cap is evicted; every
 * victim after it is kept as `capped` (even a smaller one that would fit: the order is the strategy's and a
 * cap never lets a later victim jump ahead of an earlier one). Returns how many are evicted (the first ones) and
 * the rest as kept entries. Pure.
 */
export function capVictims(victims: VictimList, cap: DeleteCap): { evicted: number; capped: PlannedEntry[] } {
  let evicted = 0;
  let bytes = 0;
  for (; evicted < victims.length; evicted++) {
    const b = victims.entry(evicted).bytes;
    if ('entries' in cap ? evicted >= cap.entries : bytes + b > cap.bytes) break;
    bytes += b;
  }
  const capped: PlannedEntry[] = [];
  const what = 'entries' in cap ? `--max-delete ${cap.entries} ${cap.entries === 1 ? 'entry' : 'entries'}` : `--max-delete ${formatBytes(cap.bytes)}`;
  for (let k = evicted; k < victims.length; k++) {
    const v = victims.planned(k);
    const { order: _order, ...rest } = v;
    void _order;
    capped.push({ ...rest, decision: 'keep', reason: 'capped', detail: `${what} reached; would be evicted as ${v.reason}${v.detail ? ` (${v.detail})` : ''}` });
  }
  return { evicted, capped };
}
