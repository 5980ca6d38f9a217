import { KeyTable } from './key-table.js';
import type { Id } from './types.js';

/**
 * What the offline optimum and the bound need to know about the future: for every request, the index of the next
 * request of the same object (-1: none) and its size. Built in a first pass over the trace. This is the one place
 * where memory grows with the trace: 12 bytes per request (an Int32Array and a Float64Array; twice that while they grow), plus a map of the
 * distinct objects while the pass runs. `cachesweep simulate --no-limits` skips it.
 */
export interface Lookahead {
  /** Requests in the trace. */
  n: number;
  next: Int32Array;
  size: Float64Array;
  /** Distinct objects. */
  objects: number;
}

export class LookaheadBuilder {
  private next = new Int32Array(1 << 16);
  private size = new Float64Array(1 << 16);
  private last = new KeyTable(1 << 16);
  n = 0;

  add(key: Id, size: number): void {
    const i = this.n;
    if (i === this.next.length) this.grow();
    if (i === 0x7fffffff) throw new RangeError('the optimum and the bound handle at most 2^31 - 1 requests; use --no-limits for longer traces');
    const prev = this.last.get(key);
    if (prev >= 0) this.next[prev] = i;
    this.last.set(key, i);
    this.next[i] = -1;
    this.size[i] = size;
    this.n = i + 1;
  }

  finish(): Lookahead {
    const objects = this.last.size;
    this.last = new KeyTable(16);
    // exact-size copies, so the doubled buffers are freed
    const out = { n: this.n, next: this.next.slice(0, this.n), size: this.size.slice(0, this.n), objects };
    this.next = new Int32Array(0);
    this.size = new Float64Array(0);
    return out;
  }

  private grow(): void {
    const next = new Int32Array(Math.max(1 << 16, this.next.length * 2));
    next.set(this.next);
    this.next = next;
    const size = new Float64Array(Math.max(1 << 16, this.size.length * 2));
    size.set(this.size);
    this.size = size;
  }
}
