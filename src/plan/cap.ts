import { formatBytes } from '../shared/units.js';
import type { DeleteCap, PlannedEntry } from './types.js';

/**
 * Apply `--max-delete` to victims in eviction order: the longest prefix within the cap is evicted; every
 * victim after it is kept as `capped` (even a smaller one that would fit: the order is the strategy's and a
 * cap never lets a later victim jump ahead of an earlier one). Pure.
 */
export function capVictims(victims: readonly PlannedEntry[], cap: DeleteCap): { victims: PlannedEntry[]; capped: PlannedEntry[] } {
  const out: PlannedEntry[] = [];
  const capped: PlannedEntry[] = [];
  let bytes = 0;
  const what = 'entries' in cap ? `--max-delete ${cap.entries} ${cap.entries === 1 ? 'entry' : 'entries'}` : `--max-delete ${formatBytes(cap.bytes)}`;
  for (const v of victims) {
    const fits = capped.length === 0 && ('entries' in cap ? out.length < cap.entries : bytes + v.entry.bytes <= cap.bytes);
    if (fits) {
      out.push(v);
      bytes += v.entry.bytes;
    } else {
      const { order: _order, ...rest } = v;
      void _order;
      capped.push({ ...rest, decision: 'keep', reason: 'capped', detail: `${what} reached; would be evicted as ${v.reason}${v.detail ? ` (${v.detail})` : ''}` });
    }
  }
  return { victims: out, capped };
}
