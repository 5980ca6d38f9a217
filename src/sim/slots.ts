import type { Key } from './types.js';

/**
 * Storage for a policy's objects: a map from id to a slot number, and per-slot fields in typed arrays that grow
 * by doubling. Memory is proportional to the objects a policy holds (cached objects, and ghosts for ARC and S3-FIFO),
 * never to the trace. Which fields mean what is up to the policy: `t` is usually the last request's index,
 * `p` a priority or a time, `q` a second value, `cnt` a counter, `flag` which list the slot is in.
 */
export class Slots {
  readonly map = new Map<Key, number>();
  keys: Key[] = [];
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

  get(key: Key): number | undefined {
    return this.map.get(key);
  }

  /** A fresh slot for `key` (not in the map yet), its fields zeroed and unlinked. */
  alloc(key: Key, size: number): number {
    let s = this.free.pop();
    if (s === undefined) {
      if (this.top === this.cap) this.grow();
      s = this.top++;
    }
    this.map.set(key, s);
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

  /** Forget the slot's object: its id leaves the map and the slot is reused. */
  release(s: number): void {
    this.map.delete(this.keys[s]!);
    this.keys[s] = 0;
    this.free.push(s);
  }

  /** Slots in use (for snapshots in tests). */
  *live(): IterableIterator<number> {
    yield* this.map.values();
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
