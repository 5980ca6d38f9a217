import { HeapPolicy } from '../heap-policy.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `lfu` (`popularity`) online: fewest requests since admission first, ties by least recently used.
 * An evicted object that comes back starts again from one, as a re-downloaded file does in the usage store
 * (a new inode is a new entry). A heap on (requests, last request); O(log n) per request.
 */
export class LfuPolicy extends HeapPolicy implements MirrorPolicy {
  readonly name = 'lfu';

  protected request(x: number, _size: number, _next: number, hit: boolean): void {
    const s = this.s;
    s.cnt[x] = hit ? s.cnt[x]! + 1 : 1;
    s.p[x] = s.cnt[x]!;
  }
}
