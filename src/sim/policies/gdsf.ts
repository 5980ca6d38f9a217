import { HeapPolicy } from '../heap-policy.js';
import type { MirrorPolicy } from '../types.js';

const MiB = 1024 * 1024;

/**
 * The planner's `gdsf` online: priority L + requests / size (size in MiB, at least one byte), where L is the
 * aging value at the object's last request and rises to the priority of each victim. Lowest priority first,
 * ties by least recently used. The arithmetic is the planner's (src/policy/gdsf.ts), so equal states give
 * equal priorities bit for bit. A heap on (priority, last request); O(log n) per request.
 */
export class GdsfPolicy extends HeapPolicy implements MirrorPolicy {
  readonly name = 'gdsf';
  /** The aging value L. */
  L = 0;

  protected request(x: number, size: number, _next: number, hit: boolean): void {
    const s = this.s;
    s.cnt[x] = hit ? s.cnt[x]! + 1 : 1;
    s.q[x] = this.L;
    s.p[x] = this.L + s.cnt[x]! / (Math.max(1, size) / MiB);
  }

  protected override evicted(x: number): void {
    this.L = this.s.p[x]!;
  }
}
