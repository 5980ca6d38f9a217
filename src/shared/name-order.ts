import type { Entry } from './types.js';

/**
 * Are the entries strictly in name order (JavaScript's string order, the scan's)? Then a name is found by a binary
 * search, and a list in entry order is already a list in name order; `--entries files` (which gives `d/x` before
 * `d-a`) and two entries of one name are not.
 */
export function namesAscending(entries: readonly Entry[]): boolean {
  return namesInOrder(entries, entryName, true);
}

/**
 * Are the names (`nameOf` each item) never descending, equal neighbours allowed? What policy/order.ts asks of its
 * candidates before it leaves runs of equal time unsorted: there the comparator's last key is the input order, so
 * two candidates of one name side by side are in order already, where namesAscending would refuse them.
 */
export function namesNonDescending<T>(items: readonly T[], nameOf: (item: T) => string): boolean {
  return namesInOrder(items, nameOf, false);
}

const entryName = (e: Entry): string => e.name;

/**
 * The walk of both: false at the first name after its successor (or, when `strict`, equal to it). Two loops, the
 * strictness tested once outside them: one loop testing it at each step (`strict ? prev >= name : prev > name`)
 * took twice the CPU on a million names (12 ms against 6, Node 20), as did a comparison passed in as a function.
 */
function namesInOrder<T>(items: readonly T[], nameOf: (item: T) => string, strict: boolean): boolean {
  const n = items.length;
  if (n === 0) return true;
  let prev = nameOf(items[0]!);
  if (strict) {
    for (let i = 1; i < n; i++) {
      const name = nameOf(items[i]!);
      if (prev >= name) return false;
      prev = name;
    }
  } else {
    for (let i = 1; i < n; i++) {
      const name = nameOf(items[i]!);
      if (prev > name) return false;
      prev = name;
    }
  }
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
