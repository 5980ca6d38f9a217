import { gdsfAged, gdsfKey } from '../../policy/gdsf.js';
import { HeapPolicy } from '../heap-policy.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `gdsf` online: priority L + requests / size, where L is the aging value at the object's last
 * request and rises to the priority of each victim. Lowest priority first, ties by least recently used. The
 * formula and the aging are the planner's own functions (src/policy/gdsf.ts), so equal states give equal priorities
 * bit for bit. A heap on (priority, last request); O(log n) per request. `q` holds L at the object's last request.
 */
export class GdsfPolicy extends HeapPolicy implements MirrorPolicy {
  readonly name = 'gdsf';
  /** The aging value L. */
  L = 0;

  protected request(x: number, size: number, _next: number, hit: boolean): void {
    const s = this.s;
    s.cnt[x] = hit ? s.cnt[x]! + 1 : 1;
    s.q[x] = this.L;
    s.p[x] = gdsfKey(this.L, s.cnt[x]!, size);
  }

  protected override evicted(x: number): void {
    this.L = gdsfAged(this.L, this.s.p[x]!);
  }

  state() {
    return { L: this.L };
  }

  protected override stateAt(x: number) {
    return { L: this.s.q[x]! };
  }
}
