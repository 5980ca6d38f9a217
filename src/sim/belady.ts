import { HeapPolicy } from './heap-policy.js';
import type { Policy } from './types.js';

/**
 * Belady's MIN, the offline optimum in the object-count sense: on a miss, evict the cached object whose next
 * request is farthest in the future (objects never requested again first) until the new object fits, then admit it,
 * as libCacheSim's Belady does. With one size for every object it misses least of any policy that admits every miss
 * it can hold (every strategy here does). With variable sizes it is a strong heuristic but not optimal: a small
 * object needed soon after a large one may be worth more; PFOO-L (pfoo.ts) bounds what any policy could do there.
 * Needs `next`, the index of each request's next request of the same object (next-use.ts).
 */
export class BeladyPolicy extends HeapPolicy implements Policy {
  readonly name = 'belady';

  /** A min-heap on -next: the farthest next request on top; never again (Infinity) before anything. */
  protected request(x: number, _size: number, next: number): void {
    this.s.p[x] = -next;
  }
}
