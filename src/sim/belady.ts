import { SlotHeap } from './heap.js';
import { Slots } from './slots.js';
import type { Policy } from './types.js';

/**
 * Belady's MIN, the offline optimum in the object-count sense: on a miss, evict the cached object whose next
 * request is farthest in the future (objects never requested again first) until the new object fits, then admit it,
 * as libCacheSim's Belady does. With one size for every object it misses least of any policy that admits every miss
 * it can hold (every strategy here does). With variable sizes it is a strong heuristic but not optimal: a small
 * object needed soon after a large one may be worth more; PFOO-L (pfoo.ts) bounds what any policy could do there.
 * Needs `next`, the index of each request's next request of the same object (next-use.ts).
 */
export class BeladyPolicy implements Policy {
  readonly name = 'belady';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly heap = new SlotHeap(this.s);
  private clock = 0;
  used = 0;

  constructor(readonly capacity: number) {}

  get count(): number {
    return this.heap.n;
  }

  access(key: number, size: number, _time: number, next: number): boolean {
    const tick = this.clock++;
    const s = this.s;
    // a min-heap on -next: the farthest next request on top; never again (Infinity) before anything
    const x = s.get(key);
    if (x >= 0) {
      s.p[x] = -next;
      s.t[x] = tick;
      this.heap.update(x);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.used + size > this.capacity) {
      const v = this.heap.top();
      this.onEvict?.(s.keys[v]!);
      this.heap.pop();
      this.used -= s.size[v]!;
      s.release(v);
    }
    const y = s.alloc(key, size);
    s.p[y] = -next;
    s.t[y] = tick;
    this.heap.push(y);
    this.used += size;
    return false;
  }
}
