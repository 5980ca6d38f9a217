import { ListPolicy } from '../list-policy.js';
import { snapshotOf } from '../snapshot.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `lru` online: a list in request order; a hit moves the object to the head, a miss evicts from
 * the tail (least recently used) until the new object fits. O(1) per request.
 */
export class LruPolicy extends ListPolicy implements MirrorPolicy {
  readonly name: string = 'lru';

  protected hit(x: number): void {
    this.s.t[x] = this.tick;
    this.s.cnt[x]!++;
    this.list.moveToHead(x);
  }

  protected override admitted(x: number): void {
    this.s.t[x] = this.tick;
    this.s.cnt[x] = 1;
  }

  snapshot() {
    return snapshotOf(this.s, this.list.fromTail());
  }
}
