import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

const SMALL = 1;
const MAIN = 2;
const GHOST = 3;

/**
 * Reference: S3-FIFO (Yang et al., SOSP 2023), in bytes. A small FIFO S (10% of the capacity), a main FIFO M (the
 * rest) and a ghost FIFO G remembering ids evicted from S (as many bytes as M). Each cached object has a 2-bit
 * counter: a hit adds one (at most 3). A miss enters M when its id is in G, else S. To make room: when S holds at
 * least its 10% (or M is empty), S's oldest object moves to M if it was hit at least twice (its counter restarts at
 * 0, and M makes room if it is over its share), else it is evicted into G, and S goes on until one object is
 * evicted; otherwise M's oldest is reinserted at M's head with its counter minus one while the counter is
 * positive, and the first with 0 is evicted. As the paper's Algorithm 1; the thresholds are libCacheSim's defaults.
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

  constructor(readonly capacity: number) {
    this.smallCapacity = Math.floor(capacity * 0.1);
    this.mainCapacity = capacity - this.smallCapacity;
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
      if (size > this.capacity) return false;
      this.ghost.remove(x);
      s.release(x);
      fromGhost = true;
    }
    if (size > this.capacity) return false;
    while (this.small.bytes + this.main.bytes + size > this.capacity) this.evict();
    const y = s.alloc(key, size);
    if (fromGhost) {
      s.flag[y] = MAIN;
      this.main.pushHead(y);
    } else {
      s.flag[y] = SMALL;
      this.small.pushHead(y);
    }
    return false;
  }

  private evict(): void {
    if ((this.small.bytes >= this.smallCapacity && this.small.count > 0) || this.main.count === 0) this.evictSmall();
    else this.evictMain();
  }

  private evictSmall(): void {
    const s = this.s;
    while (this.small.count > 0) {
      const t = this.small.tail;
      this.small.remove(t);
      if (s.cnt[t]! > 1) {
        s.cnt[t] = 0;
        s.flag[t] = MAIN;
        this.main.pushHead(t);
        if (this.main.bytes > this.mainCapacity) this.evictMain();
      } else {
        this.onEvict?.(s.keys[t]!);
        s.flag[t] = GHOST;
        s.cnt[t] = 0;
        this.ghost.pushHead(t);
        while (this.ghost.bytes > this.mainCapacity && this.ghost.count > 0) {
          const g = this.ghost.tail;
          this.ghost.remove(g);
          s.release(g);
        }
        return;
      }
    }
  }

  private evictMain(): void {
    const s = this.s;
    while (this.main.count > 0) {
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
