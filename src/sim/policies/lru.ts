import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import { snapshotOf } from '../snapshot.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `lru` online: a list in request order; a hit moves the object to the head, a miss evicts from
 * the tail (least recently used) until the new object fits. O(1) per request.
 */
export class LruPolicy implements MirrorPolicy {
  readonly name: string = 'lru';
  onEvict: ((key: number) => void) | undefined = undefined;
  protected readonly s = new Slots();
  protected readonly list = new DList(this.s);
  protected clock = 0;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.list.bytes;
  }

  get count(): number {
    return this.list.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const tick = this.clock++;
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      s.t[x] = tick;
      s.cnt[x]!++;
      this.list.moveToHead(x);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.list.bytes + size > this.capacity) this.evictTail();
    const y = s.alloc(key, size);
    s.t[y] = tick;
    s.cnt[y] = 1;
    this.list.pushHead(y);
    return false;
  }

  protected evictTail(): void {
    const v = this.list.tail;
    this.onEvict?.(this.s.keys[v]!);
    this.list.remove(v);
    this.s.release(v);
  }

  snapshot() {
    return snapshotOf(this.s, this.list.fromTail());
  }
}
