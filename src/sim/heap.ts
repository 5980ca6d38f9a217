import type { Slots } from './slots.js';

/**
 * A binary min-heap of slots, ordered by `p` (the policy's priority), ties by `t` (the last request's index, so
 * older first), with each slot's position kept in `hpos` so that a slot whose priority changed moves in O(log n).
 */
export class SlotHeap {
  private h = new Int32Array(1024);
  n = 0;

  constructor(private readonly s: Slots) {}

  top(): number {
    return this.n > 0 ? this.h[0]! : -1;
  }

  push(x: number): void {
    if (this.n === this.h.length) {
      const b = new Int32Array(this.h.length * 2);
      b.set(this.h);
      this.h = b;
    }
    this.h[this.n] = x;
    this.s.hpos[x] = this.n;
    this.n++;
    this.up(this.n - 1);
  }

  /** Remove and return the smallest slot. */
  pop(): number {
    const x = this.h[0]!;
    this.removeAt(0);
    return x;
  }

  remove(x: number): void {
    this.removeAt(this.s.hpos[x]!);
  }

  /** Restore the order after x's priority changed (either way). */
  update(x: number): void {
    const i = this.s.hpos[x]!;
    if (!this.up(i)) this.down(i);
  }

  private removeAt(i: number): void {
    const s = this.s;
    const x = this.h[i]!;
    s.hpos[x] = -1;
    this.n--;
    if (i === this.n) return;
    const last = this.h[this.n]!;
    this.h[i] = last;
    s.hpos[last] = i;
    if (!this.up(i)) this.down(i);
  }

  private less(a: number, b: number): boolean {
    const p = this.s.p;
    const pa = p[a]!;
    const pb = p[b]!;
    return pa < pb || (pa === pb && this.s.t[a]! < this.s.t[b]!);
  }

  /** Sift up from i; true when the slot moved. */
  private up(i: number): boolean {
    const h = this.h;
    const pos = this.s.hpos;
    const x = h[i]!;
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const y = h[parent]!;
      if (!this.less(x, y)) break;
      h[i] = y;
      pos[y] = i;
      i = parent;
    }
    h[i] = x;
    pos[x] = i;
    return i !== start;
  }

  private down(i: number): void {
    const h = this.h;
    const pos = this.s.hpos;
    const n = this.n;
    const x = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(h[r]!, h[l]!) ? r : l;
      const y = h[c]!;
      if (!this.less(y, x)) break;
      h[i] = y;
      pos[y] = i;
      i = c;
    }
    h[i] = x;
    pos[x] = i;
  }
}
