import type { Entry } from '../shared/types.js';

/**
 * Position of `name` in entries sorted by name (the scan's order, JavaScript's string order), or -1: how a usage
 * source's row finds its entry without a map of every name.
 */
export function searchByName(entries: readonly Entry[], name: string): number {
  let lo = 0;
  let hi = entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = entries[mid]!.name;
    if (m === name) return mid;
    if (m < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
