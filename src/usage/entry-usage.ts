import type { Entry, Usage, UsageByPosition } from '../shared/types.js';
import { searchByName } from '../shared/name-order.js';
import type { MergedColumns } from './merged-columns.js';

/**
 * The merged usages as a read-only map by entry name, kept as an array in the entries' order: a Map of 200k names
 * held a hash table of about 37 bytes an entry for the plan's whole life, where the planner, the reports and the
 * atime check ask in entry order anyway. The names must be unique (mergeUsage keeps a Map when two entries share
 * one). A name asked in entry order is the next slot; another is found by a binary search when the entries are in
 * name order (the scan's order), else through `byName`, the positions mergeUsage already made.
 *
 * The usages themselves are columns (merged-columns.ts): each read makes the Usage it answers with, a new object each
 * time (nothing compares usages by identity; the few kept as objects, in use or pinned, are the same each time), so
 * that only what a caller holds exists as objects. Read and dropped, a usage dies young; held by each of 200,000
 * planned entries, it is what the columns were made to spare.
 */
export class UsageByEntry implements UsageByPosition {
  private next = 0;

  constructor(
    private readonly list: readonly Entry[],
    private readonly usages: MergedColumns,
    private readonly byName: ReadonlyMap<string, number> | undefined,
  ) {}

  get size(): number {
    return this.usages.size;
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get(name: string): Usage | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.usages.at(i);
  }

  /** The usage of entries[i] (the entries mergeUsage was given), made now. */
  at(i: number): Usage {
    if (!(i >= 0 && i < this.usages.size)) throw new RangeError(`usage of entry ${i}: there are ${this.usages.size}`);
    return this.usages.at(i);
  }

  /** at(), for a caller holding this very array of entries. */
  over(entries: readonly Entry[]): ((i: number) => Usage) | undefined {
    return entries === this.list ? (i) => this.at(i) : undefined;
  }

  /** The last use of entries[i], without making its usage. */
  lastUsedMsAt(i: number): number {
    return this.usages.lastUsedMs[i]!;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  *entries(): MapIterator<[string, Usage]> {
    for (let i = 0; i < this.usages.size; i++) yield [this.list[i]!.name, this.usages.at(i)];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.usages.size; i++) yield this.list[i]!.name;
  }

  *values(): MapIterator<Usage> {
    for (let i = 0; i < this.usages.size; i++) yield this.usages.at(i);
  }

  [Symbol.iterator](): MapIterator<[string, Usage]> {
    return this.entries();
  }

  forEach(fn: (value: Usage, key: string, map: ReadonlyMap<string, Usage>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.usages.size; i++) fn.call(thisArg, this.usages.at(i), this.list[i]!.name, this);
  }

  private indexOf(name: string): number {
    const n = this.usages.size;
    let i = this.next;
    if (!(i < n && this.list[i]!.name === name)) i = this.byName ? (this.byName.get(name) ?? -1) : searchByName(this.list, name);
    if (i >= 0) this.next = i + 1;
    return i;
  }
}
