import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

const T1 = 1;
const T2 = 2;
const B1 = 3;
const B2 = 4;

/**
 * Reference: ARC (Megiddo and Modha, FAST 2003) as libCacheSim implements it (cache/eviction/ARC.c), so that its
 * figures can be compared with libCacheSim's. T1 holds objects requested once since they entered, T2 objects
 * requested again; B1 and B2 remember (id and size only) what was evicted from each. Lists are measured in bytes.
 *
 * Where libCacheSim's generalisation to sizes departs from a byte-for-byte reading of the paper (docs/simulate.md):
 * - a ghost hit moves the target p of T1 by max(|B2| / |B1|, 1) (or the reverse), **not** times the object's size:
 *   p is in bytes, so it moves by a few bytes per ghost hit and stays near 0 unless ghosts hit very often;
 * - the ghost lists are trimmed one object per eviction, only on a miss in all four lists (the paper's case IV):
 *   when T1 and B1 would hold more than c with the new object, B1's oldest is forgotten (or, with B1 empty, T1's
 *   oldest is dropped without a ghost); otherwise, when all four hold 2c or more, B2's oldest is forgotten;
 * - a ghost hit removes the ghost and moves p even when the object is then too large to admit.
 * With one size for every object this is the paper's algorithm (tested against its pseudo-code).
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
  /** Which ghost list the last ghost hit was in (libCacheSim keeps it until the next hit or ghost hit). */
  private ghostHitInB2 = false;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.t1.bytes + this.t2.bytes;
  }

  get count(): number {
    return this.t1.count + this.t2.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      const f = s.flag[x];
      this.ghostHitInB2 = false;
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
      this.ghostHit(x, f === B2);
      if (size > this.capacity) return false;
      while (this.used + size > this.capacity) this.replace();
      this.insert(key, size, this.t2, T2);
      this.ghostHitInB2 = false;
      return false;
    }
    if (size > this.capacity) return false;
    while (this.used + size > this.capacity) this.evictOnMiss(size);
    this.insert(key, size, this.t1, T1);
    return false;
  }

  /** Cases II and III: the ghost is forgotten and p moves towards the list it was in. */
  private ghostHit(x: number, inB2: boolean): void {
    if (inB2) {
      this.ghostHitInB2 = true;
      this.p = Math.max(this.p - Math.max(this.b1.bytes / this.b2.bytes, 1), 0);
      this.b2.remove(x);
    } else {
      this.p = Math.min(this.p + Math.max(this.b2.bytes / this.b1.bytes, 1), this.capacity);
      this.b1.remove(x);
    }
    this.s.release(x);
  }

  private insert(key: number, size: number, list: DList, flag: number): void {
    const y = this.s.alloc(key, size);
    this.s.flag[y] = flag;
    list.pushHead(y);
  }

  /** Case IV, one eviction: forget one ghost (or drop T1's oldest outright), then REPLACE. */
  private evictOnMiss(size: number): void {
    if (this.t1.bytes + this.b1.bytes + size > this.capacity) {
      if (this.b1.bytes === 0) {
        this.evict(this.t1, 0);
        return;
      }
      this.drop(this.b1);
    } else if (this.t1.bytes + this.b1.bytes + this.t2.bytes + this.b2.bytes >= 2 * this.capacity && this.b2.bytes > 0) {
      this.drop(this.b2);
    }
    this.replace();
  }

  /** The paper's REPLACE: one object leaves the cache for its ghost list. */
  private replace(): void {
    const t1 = this.t1.bytes;
    if ((t1 > 0 && (t1 > this.p || (t1 === this.p && this.ghostHitInB2))) || this.t2.bytes === 0) this.evict(this.t1, B1);
    else this.evict(this.t2, B2);
  }

  /** Evict the oldest object of a cached list into its ghost list (flag B1 or B2), or forget it (flag 0). */
  private evict(from: DList, ghost: number): void {
    const s = this.s;
    const v = from.tail;
    this.onEvict?.(s.keys[v]!);
    from.remove(v);
    if (ghost === 0) {
      s.release(v);
      return;
    }
    s.flag[v] = ghost;
    (ghost === B1 ? this.b1 : this.b2).pushHead(v);
  }

  /** Forget the oldest ghost of a list. */
  private drop(list: DList): void {
    const v = list.tail;
    list.remove(v);
    this.s.release(v);
  }
}
