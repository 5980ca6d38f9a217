import type { Entry } from './types.js';

/**
 * Are the entries strictly in name order (JavaScript's string order, the scan's)? Then a name is found by a binary
 * search, and a list in entry order is already a list in name order; `--entries files` (which gives `d/x` before
 * `d-a`) and two entries of one name are not.
 */
export function namesAscending(entries: readonly Entry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (!(entries[i - 1]!.name < entries[i]!.name)) return false;
  return true;
}

/**
 * Position of `name` in entries sorted by name (namesAscending), or -1: how a usage source's row finds its entry
 * without a map of every name.
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
