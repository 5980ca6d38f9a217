/**
 * A hash table from numeric ids to int32 values: open addressing with linear probing and backward-shift deletion
 * (no tombstones), at most half full, doubling when needed. Much faster than a Map for the simulator's churn of one
 * insert and one delete per miss (V8's Map rehashes under that churn), and it never boxes a number.
 * Keys are integers of magnitude below 2^53 (the trace's ids, strings interned to negative numbers); NaN marks an
 * empty bucket.
 */
export class KeyTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(NaN);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private bucket(k: number): number {
    let h = Math.imul((k >>> 0) ^ Math.imul((k / 4294967296) | 0, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h & this.mask;
  }

  /** The value of `k`, or -1 when absent. */
  get(k: number): number {
    const keys = this.keys;
    let i = this.bucket(k);
    for (;;) {
      const x = keys[i]!;
      if (x === k) return this.vals[i]!;
      if (x !== x) return -1;
      i = (i + 1) & this.mask;
    }
  }

  has(k: number): boolean {
    return this.get(k) !== -1;
  }

  set(k: number, v: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let i = this.bucket(k);
    for (;;) {
      const x = keys[i]!;
      if (x === k) {
        this.vals[i] = v;
        return;
      }
      if (x !== x) {
        keys[i] = k;
        this.vals[i] = v;
        this.size++;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  delete(k: number): void {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.bucket(k);
    for (;;) {
      const x = keys[i]!;
      if (x !== x) return;
      if (x === k) break;
      i = (i + 1) & mask;
    }
    // shift back the entries after i that would no longer be found
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const y = keys[j]!;
      if (y !== y) break;
      const h = this.bucket(y);
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!stays) {
        keys[i] = y;
        vals[i] = vals[j]!;
        i = j;
      }
    }
    keys[i] = NaN;
    this.size--;
  }

  /** Every value, in no particular order (tests and snapshots). */
  *values(): IterableIterator<number> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === this.keys[i]) yield this.vals[i]!;
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    this.keys = new Float64Array(oldK.length * 2).fill(NaN);
    this.vals = new Int32Array(oldK.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldK[i] === oldK[i]) this.set(oldK[i]!, oldV[i]!);
  }
}
