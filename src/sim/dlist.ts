import type { Slots } from './slots.js';

/**
 * A doubly linked list of slots, newest at the head, oldest at the tail, with the total bytes of its slots.
 * Several lists can share one Slots (a slot is in at most one list at a time). Every operation is O(1).
 */
export class DList {
  head = -1;
  tail = -1;
  count = 0;
  bytes = 0;

  constructor(private readonly s: Slots) {}

  pushHead(x: number): void {
    const s = this.s;
    s.prev[x] = -1;
    s.next[x] = this.head;
    if (this.head !== -1) s.prev[this.head] = x;
    else this.tail = x;
    this.head = x;
    this.count++;
    this.bytes += s.size[x]!;
  }

  remove(x: number): void {
    const s = this.s;
    const p = s.prev[x]!;
    const n = s.next[x]!;
    if (p !== -1) s.next[p] = n;
    else this.head = n;
    if (n !== -1) s.prev[n] = p;
    else this.tail = p;
    s.prev[x] = -1;
    s.next[x] = -1;
    this.count--;
    this.bytes -= s.size[x]!;
  }

  moveToHead(x: number): void {
    if (this.head === x) return;
    const s = this.s;
    const p = s.prev[x]!;
    const n = s.next[x]!;
    // x is not the head, so p !== -1
    s.next[p] = n;
    if (n !== -1) s.prev[n] = p;
    else this.tail = p;
    s.prev[x] = -1;
    s.next[x] = this.head;
    s.prev[this.head] = x;
    this.head = x;
  }

  /** Slots from the tail (oldest) to the head. */
  *fromTail(): IterableIterator<number> {
    for (let x = this.tail; x !== -1; x = this.s.prev[x]!) yield x;
  }
}
