import type { Entry } from '../../shared/types.js';
import type { UsageColumns } from './usage-read.js';
import { namesAscending, searchByName } from '../../shared/name-order.js';

/**
 * For each entry, the store row of its identity (same name, device and inode), or -1: the store's rows matched to the
 * scan's entries without a key string per entry. The scan gives entries in name order, and the store's rows mostly
 * come in the same order (a first run records them as scanned): the entry after the last match is tried first, then
 * a binary search by name. SQLite's order of names is not JavaScript's (past U+FFFF, and raw bytes as BLOBs), so no
 * merge of two sorted lists: a search finds any row. Entries in another order (or two of one name, which no scan
 * gives) are looked up through a map of names.
 */
export function rowsOfEntries(entries: readonly Entry[], c: UsageColumns): Int32Array {
  const n = entries.length;
  const rowOf = new Int32Array(n).fill(-1);
  if (!namesAscending(entries)) return mapped(entries, c, rowOf);
  const find = searcher(entries);
  for (let k = 0; k < c.count; k++) {
    const i = find(c.name[k]!, c.dev[k]!, c.ino[k]!);
    if (i >= 0) rowOf[i] = k;
  }
  return rowOf;
}

const same = (e: Entry, dev: number, ino: number): boolean => e.fingerprint.dev === dev && e.fingerprint.ino === ino;

function searcher(entries: readonly Entry[]): (name: string, dev: number, ino: number) => number {
  let next = 0;
  return (name, dev, ino) => {
    let i = next < entries.length && entries[next]!.name === name ? next : searchByName(entries, name);
    if (i >= 0) next = i + 1;
    if (i >= 0 && !same(entries[i]!, dev, ino)) i = -1;
    return i;
  };
}

/** Entries in another order, or two of one name: every entry of the row's identity gets the row. */
function mapped(entries: readonly Entry[], c: UsageColumns, rowOf: Int32Array): Int32Array {
  const byName = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const at = byName.get(e.name);
    if (at) at.push(i);
    else byName.set(e.name, [i]);
  });
  for (let k = 0; k < c.count; k++) for (const i of byName.get(c.name[k]!) ?? []) if (same(entries[i]!, c.dev[k]!, c.ino[k]!)) rowOf[i] = k;
  return rowOf;
}
