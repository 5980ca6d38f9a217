import { KeyTable } from './key-table.js';

/**
 * Storage for a policy's objects: a hash table from id to a slot number, and per-slot fields in typed arrays that grow
 * by doubling. Memory is proportional to the objects a policy holds (cached objects, and ghosts for ARC and S3-FIFO),
 * never to the trace. Which fields mean what is up to the policy: `t` is usually the last request's index,
 * `p` a priority or a time, `q` a second value, `cnt` a counter, `flag` which list the slot is in.
 */
export class Slots {
  readonly table = new KeyTable();
  /** The id of each slot. */
  keys: Float64Array;
  size: Float64Array;
  t: Float64Array;
  p: Float64Array;
  q: Float64Array;
  cnt: Uint32Array;
  flag: Uint8Array;
  /** Doubly linked lists (see DList): towards the head (newer) and towards the tail (older). */
  prev: Int32Array;
  next: Int32Array;
  /** Position in a SlotHeap, -1 when not in one. */
  hpos: Int32Array;
  private free: number[] = [];
  private top = 0;

  constructor(private cap = 1024) {
    this.keys = new Float64Array(cap);
    this.size = new Float64Array(cap);
    this.t = new Float64Array(cap);
    this.p = new Float64Array(cap);
    this.q = new Float64Array(cap);
    this.cnt = new Uint32Array(cap);
    this.flag = new Uint8Array(cap);
    this.prev = new Int32Array(cap);
    this.next = new Int32Array(cap);
    this.hpos = new Int32Array(cap);
  }

  /** The slot of an id, -1 when it has none. */
  get(key: number): number {
    return this.table.get(key);
  }

  /** A fresh slot for `key` (not in the table yet), its fields zeroed and unlinked. */
  alloc(key: number, size: number): number {
    let s = this.free.pop();
    if (s === undefined) {
      if (this.top === this.cap) this.grow();
      s = this.top++;
    }
    this.table.set(key, s);
    this.keys[s] = key;
    this.size[s] = size;
    this.t[s] = 0;
    this.p[s] = 0;
    this.q[s] = 0;
    this.cnt[s] = 0;
    this.flag[s] = 0;
    this.prev[s] = -1;
    this.next[s] = -1;
    this.hpos[s] = -1;
    return s;
  }

  /** Forget the slot's object: its id leaves the table and the slot is reused. */
  release(s: number): void {
    this.table.delete(this.keys[s]!);
    this.free.push(s);
  }

  /** Slots in use (for snapshots in tests). */
  live(): IterableIterator<number> {
    return this.table.values();
  }

  private grow(): void {
    const cap = this.cap * 2;
    const f64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.keys = f64(this.keys);
    this.size = f64(this.size);
    this.t = f64(this.t);
    this.p = f64(this.p);
    this.q = f64(this.q);
    const c = new Uint32Array(cap);
    c.set(this.cnt);
    this.cnt = c;
    const fl = new Uint8Array(cap);
    fl.set(this.flag);
    this.flag = fl;
    this.prev = i32(this.prev);
    this.next = i32(this.next);
    this.hpos = i32(this.hpos);
    this.cap = cap;
  }
}
