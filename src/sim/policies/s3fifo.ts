import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

const SMALL = 1;
const MAIN = 2;
const GHOST = 3;

/**
 * Reference: S3-FIFO (Yang et al., SOSP 2023) as libCacheSim implements it (cache/eviction/S3FIFO.c, its default
 * parameters `fifo-size-ratio=0.10,ghost-size-ratio=0.90,move-to-main-threshold=2`), so that its figures can be
 * compared with libCacheSim's. In bytes: a small FIFO S of floor(10%) of the capacity, a main FIFO M of the rest, and
 * a ghost FIFO G of ids evicted from S holding at most floor(90%) of the capacity in bytes. A hit counts one more use
 * of the object. A miss whose id is in G enters M (the ghost is forgotten), any other enters S.
 *
 * Where libCacheSim departs from the paper's Algorithm 1 (docs/simulate.md):
 * - it evicts from S whenever M holds no more than its share (and S is not empty), however little S holds; the paper
 *   evicts from S only when S holds at least its 10%. So S shrinks to a few objects when M is full of reused ones;
 * - an object moved from S to M (at least two hits in S) lets M grow past its share until a later eviction;
 * - an object larger than S (10% of the capacity) is never admitted, even when its id is in G, and one of exactly
 *   S's size makes room but is then not admitted;
 * - each eviction removes exactly one object from the cache (from S into G, or from M).
 * M reinserts its oldest object with min(uses, 3) - 1 while that is positive, as the paper's 2-bit counter does.
 */
export class S3FifoPolicy implements Policy {
  readonly name = 's3fifo';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly small = new DList(this.s);
  private readonly main = new DList(this.s);
  private readonly ghost = new DList(this.s);
  readonly smallCapacity: number;
  readonly mainCapacity: number;
  readonly ghostCapacity: number;

  constructor(readonly capacity: number) {
    this.smallCapacity = Math.floor(capacity * 0.1);
    this.mainCapacity = capacity - this.smallCapacity;
    this.ghostCapacity = Math.floor(capacity * 0.9);
  }

  get used(): number {
    return this.small.bytes + this.main.bytes;
  }

  get count(): number {
    return this.small.count + this.main.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const s = this.s;
    const x = s.get(key);
    let fromGhost = false;
    if (x >= 0) {
      if (s.flag[x] !== GHOST) {
        if (s.cnt[x]! < 3) s.cnt[x]!++;
        return true;
      }
      this.ghost.remove(x);
      s.release(x);
      fromGhost = true;
    }
    if (size > this.smallCapacity) return false;
    while (this.used + size > this.capacity) this.evict();
    if (!fromGhost && size >= this.smallCapacity) return false;
    const y = s.alloc(key, size);
    s.flag[y] = fromGhost ? MAIN : SMALL;
    (fromGhost ? this.main : this.small).pushHead(y);
    return false;
  }

  private evict(): void {
    if (this.main.bytes > this.mainCapacity || this.small.bytes === 0) this.evictMain();
    else this.evictSmall();
  }

  /** S's oldest objects used twice move to M, until one used less leaves for G. */
  private evictSmall(): void {
    const s = this.s;
    while (this.small.bytes > 0) {
      const t = this.small.tail;
      this.small.remove(t);
      if (s.cnt[t]! >= 2) {
        s.cnt[t] = 0;
        s.flag[t] = MAIN;
        this.main.pushHead(t);
        continue;
      }
      this.onEvict?.(s.keys[t]!);
      if (s.size[t]! > this.ghostCapacity) {
        s.release(t);
        return;
      }
      s.flag[t] = GHOST;
      s.cnt[t] = 0;
      while (this.ghost.bytes + s.size[t]! > this.ghostCapacity && this.ghost.count > 0) {
        const g = this.ghost.tail;
        this.ghost.remove(g);
        s.release(g);
      }
      this.ghost.pushHead(t);
      return;
    }
  }

  /** M's oldest objects used since they entered go round again with one use less, until an unused one leaves. */
  private evictMain(): void {
    const s = this.s;
    while (this.main.bytes > 0) {
      const t = this.main.tail;
      if (s.cnt[t]! > 0) {
        s.cnt[t]!--;
        this.main.moveToHead(t);
      } else {
        this.onEvict?.(s.keys[t]!);
        this.main.remove(t);
        s.release(t);
        return;
      }
    }
  }
}
