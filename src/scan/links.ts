import type { LinkGroup } from '../shared/types.js';
import type { LinkedInode } from './measure.js';

/** The inodes with other hard links that one entry holds, and how many of their links it holds. */
export type Linked = ReadonlyMap<string, { inode: LinkedInode; count: number }>;

/** What hard links mean for each measured entry: the bytes it can free, and its group if it shares inodes. */
export interface Settled {
  /** Per measured entry: blocks of inodes all of whose links are inside it, plus shared inodes (all links in the cache). */
  bytes: Float64Array;
  /** Per measured entry: bytes of inodes wholly inside it. */
  privateBytes: Float64Array;
  /** Per measured entry: its group index, or -1. */
  group: Int32Array;
  groups: LinkGroup[];
}

interface InodeSeen {
  nlink: number;
  bytes: number;
  links: number;
  holders: number[];
}

/**
 * Settle hard links across entries. An inode with a link outside the cache frees nothing, ever. An inode whose links
 * are all in one entry is that entry's own. An inode whose links are all in the cache but in several entries makes
 * those entries one group (transitively: A~B and B~C make {A, B, C}); it is freed only when all its holders go.
 * Counterexample this exists for: A and B sharing one 9.5 MiB inode each showed 0 B, so a plan that had to free 9 MiB
 * evicted every entry, claimed a shortfall and reported 1.9 MiB freed where 11.5 MiB went.
 * `soleBytes[i]`: entry i's bytes of single-link inodes (not changed); `linked`: the
 * entries holding inodes with other links, by index, in increasing order.
 */
export function settleLinks(names: readonly string[], soleBytes: Float64Array, linked: Iterable<[number, Linked]>): Settled {
  const n = names.length;
  const privateBytes = soleBytes.slice();
  const seen = new Map<string, InodeSeen>();
  for (const [i, holds] of linked) {
    for (const [key, { inode, count }] of holds) {
      let s = seen.get(key);
      if (!s) seen.set(key, (s = { nlink: inode.nlink, bytes: inode.blocksBytes, links: 0, holders: [] }));
      s.links += count;
      s.holders.push(i);
    }
  }
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const shared: InodeSeen[] = [];
  for (const s of seen.values()) {
    if (s.links < s.nlink) continue; // a link outside the cache: never freed by evicting entries
    if (s.holders.length === 1) privateBytes[s.holders[0]!]! += s.bytes;
    else {
      shared.push(s);
      for (const h of s.holders.slice(1)) parent[find(h)] = find(s.holders[0]!);
    }
  }
  const bytes = privateBytes.slice();
  const group = new Int32Array(n).fill(-1);
  const groups: LinkGroup[] = [];
  const groupOfRoot = new Map<number, number>();
  for (const s of shared) {
    for (const h of s.holders) bytes[h]! += s.bytes;
  }
  for (const s of shared) {
    const r = find(s.holders[0]!);
    let g = groupOfRoot.get(r);
    if (g === undefined) {
      g = groups.length;
      groupOfRoot.set(r, g);
      groups.push({ members: [], inodes: [] });
    }
    groups[g]!.inodes.push({ bytes: s.bytes, holders: s.holders.map((h) => names[h]!) });
  }
  for (let i = 0; i < n; i++) {
    const g = groupOfRoot.get(find(i));
    if (g === undefined) continue;
    group[i] = g;
    groups[g]!.members.push(names[i]!);
  }
  return { bytes, privateBytes, group, groups };
}
