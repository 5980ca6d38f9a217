import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;

/**
 * Reference: ARC (Megiddo and Modha, FAST 2003), measured in bytes. T1 holds objects requested once since they
 * entered, T2 objects requested again; B1 and B2 remember (id and size only) what was evicted from each. The
 * target size p of T1 (bytes) grows on a hit in B1 by max(|B2| / |B1|, 1) times the object's size, and shrinks
 * on a hit in B2 by max(|B1| / |B2|, 1) times its size, |X| being bytes. REPLACE evicts the LRU object of T1 to B1
 * when T1 holds more than p (or exactly p and the request was found in B2), else the LRU of T2 to B2, until the
 * new object fits. The ghosts are kept within |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2| <= 2c, the paper's
 * invariants with c the capacity in bytes. With every size equal this is the paper's algorithm.
 */
export class ArcPolicy implements Policy {
  readonly name = 'arc';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly t1 = new DList(this.s);
  private readonly t2 = new DList(this.s);
  private readonly b1 = new DList(this.s);
  private readonly b2 = new DList(this.s);
  /** Target bytes of T1. */
  p = 0;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.t1.bytes + this.t2.bytes;
  }

  get count(): number {
    return this.t1.count + this.t2.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const s = this.s;
    const c = this.capacity;
    const x = s.get(key);
    if (x >= 0) {
      const f = s.flag[x];
      if (f === T1) {
        this.t1.remove(x);
        this.t2.pushHead(x);
        s.flag[x] = T2;
        return true;
      }
      if (f === T2) {
        this.t2.moveToHead(x);
        return true;
      }
      if (size > c) return false;
      const inB2 = f === B2;
      if (inB2) {
        const ratio = this.b2.bytes > 0 ? this.b1.bytes / this.b2.bytes : 1;
        this.p = Math.max(0, this.p - Math.max(ratio, 1) * size);
        this.b2.remove(x);
      } else {
        const ratio = this.b1.bytes > 0 ? this.b2.bytes / this.b1.bytes : 1;
        this.p = Math.min(c, this.p + Math.max(ratio, 1) * size);
        this.b1.remove(x);
      }
      while (this.t1.bytes + this.t2.bytes + size > c) this.replace(inB2);
      s.size[x] = size;
      s.flag[x] = T2;
      this.t2.pushHead(x);
      this.trimGhosts();
      return false;
    }
    if (size > c) return false;
    // Case IV of the paper: (A) when T1 and B1 would hold more than c, forget B1's oldest; (B) otherwise, when all four
    // lists would hold more than 2c, forget B2's oldest; then REPLACE until the object fits.
    if (this.t1.bytes + this.b1.bytes + size > c) {
      while (this.t1.bytes + this.b1.bytes + size > c && this.b1.count > 0) this.drop(this.b1);
    } else {
      while (this.t1.bytes + this.t2.bytes + this.b1.bytes + this.b2.bytes + size > 2 * c && this.b2.count > 0) this.drop(this.b2);
    }
    while (this.t1.bytes + this.t2.bytes + size > c) this.replace(false);
    const y = s.alloc(key, size);
    s.flag[y] = T1;
    this.t1.pushHead(y);
    this.trimGhosts();
    return false;
  }

  /** The paper's REPLACE: one object leaves the cache for its ghost list. */
  private replace(inB2: boolean): void {
    const s = this.s;
    const fromT1 = this.t1.count > 0 && (this.t1.bytes > this.p || (inB2 && this.t1.bytes === this.p) || this.t2.count === 0);
    const from = fromT1 ? this.t1 : this.t2;
    const v = from.tail;
    this.onEvict?.(s.keys[v]!);
    from.remove(v);
    s.flag[v] = fromT1 ? B1 : B2;
    (fromT1 ? this.b1 : this.b2).pushHead(v);
  }

  private trimGhosts(): void {
    while (this.t1.bytes + this.b1.bytes > this.capacity && this.b1.count > 0) this.drop(this.b1);
    while (this.t1.bytes + this.t2.bytes + this.b1.bytes + this.b2.bytes > 2 * this.capacity && this.b2.count > 0) this.drop(this.b2);
  }

  /** Forget the oldest ghost of a list. */
  private drop(list: DList): void {
    const v = list.tail;
    list.remove(v);
    this.s.release(v);
  }
}
