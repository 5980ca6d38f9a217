import { LruPolicy } from './lru.js';

/**
 * The planner's `age` online: Nova's rule. Every object idle for at least max-age on the trace's clock is
 * evicted (checked before each request, least recently used first); when the cache is full, the longest idle
 * goes first, which is LRU order. Without a time column nothing expires and this is LRU.
 * The list is in request order, so a trace whose times go backwards expires in request order.
 */
export class AgePolicy extends LruPolicy {
  override readonly name = 'age';
  /** Objects evicted because they expired. */
  expired = 0;

  constructor(capacity: number, readonly maxAgeSeconds: number) {
    super(capacity);
  }

  override access(key: number, size: number, time: number, next: number): boolean {
    const s = this.s;
    // a NaN time (no time column) never expires anything
    while (this.list.tail !== -1 && time - s.p[this.list.tail]! >= this.maxAgeSeconds) {
      this.evict(); // the tail: lru's victim
      this.expired++;
    }
    const hit = super.access(key, size, time, next);
    const x = s.get(key);
    if (x >= 0) s.p[x] = time;
    return hit;
  }

  override snapshot() {
    return super.snapshot().map((o) => ({ ...o, lastTime: this.s.p[this.s.get(o.key)]! }));
  }
}
