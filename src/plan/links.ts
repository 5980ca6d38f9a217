import type { Entry, LinkGroup } from '../shared/types.js';

/**
 * Bytes freed by a set of evicted entries, each hard-linked inode counted once and only when every entry holding it
 * is gone. Entries outside any group free their `bytes`; group members free their private bytes, and each shared
 * inode is added when its last holder is added.
 */
export class FreedLedger {
  private readonly gone = new Set<string>();
  private total = 0;

  constructor(private readonly groups: readonly LinkGroup[]) {}

  /** Count an evicted entry; returns the bytes its eviction adds to what is freed. */
  add(entry: Entry): number {
    if (this.gone.has(entry.name)) return 0;
    this.gone.add(entry.name);
    let freed = entry.link ? entry.link.privateBytes : entry.bytes;
    if (entry.link) {
      const group = this.groups[entry.link.group];
      if (group) for (const inode of group.inodes) {
        if (inode.holders.includes(entry.name) && inode.holders.every((h) => this.gone.has(h))) freed += inode.bytes;
      }
    }
    this.total += freed;
    return freed;
  }

  get freed(): number {
    return this.total;
  }
}

/** Exact bytes freed by evicting `entries` (in any order). */
export function freedBy(entries: Iterable<Entry>, groups: readonly LinkGroup[]): number {
  const ledger = new FreedLedger(groups);
  for (const e of entries) ledger.add(e);
  return ledger.freed;
}

/** Bytes the entries hold, each shared inode once. */
export function heldBy(entries: readonly Entry[], groups: readonly LinkGroup[]): number {
  let s = 0;
  for (const e of entries) s += e.link ? e.link.privateBytes : e.bytes;
  for (const g of groups) for (const i of g.inodes) s += i.bytes;
  return s;
}
