import { HeapPolicy } from '../heap-policy.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `size` online: largest first, ties by least recently used. A heap on (-size, last request);
 * O(log n) per request.
 */
export class SizePolicy extends HeapPolicy implements MirrorPolicy {
  readonly name = 'size';

  protected request(x: number, size: number, _next: number, hit: boolean): void {
    const s = this.s;
    s.cnt[x] = hit ? s.cnt[x]! + 1 : 1;
    if (!hit) s.p[x] = -size;
  }
}
