import { SlotHeap } from '../heap.js';
import { Slots } from '../slots.js';
import { snapshotOf } from '../snapshot.js';
import type { MirrorPolicy } from '../types.js';

const MiB = 1024 * 1024;

/**
 * The planner's `gdsf` online: priority L + requests / size (size in MiB, at least one byte), where L is the
 * aging value at the object's last request and rises to the priority of each victim. Lowest priority first,
 * ties by least recently used. The arithmetic is the planner's (src/policy/gdsf.ts), so equal states give
 * equal priorities bit for bit. A heap on (priority, last request); O(log n) per request.
 */
export class GdsfPolicy implements MirrorPolicy {
  readonly name = 'gdsf';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly heap = new SlotHeap(this.s);
  private clock = 0;
  /** The aging value L. */
  L = 0;
  used = 0;

  constructor(readonly capacity: number) {}

  get count(): number {
    return this.heap.n;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const tick = this.clock++;
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      s.t[x] = tick;
      s.q[x] = this.L;
      s.p[x] = this.L + ++s.cnt[x]! / (Math.max(1, s.size[x]!) / MiB);
      this.heap.update(x);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.used + size > this.capacity) {
      const v = this.heap.top();
      this.onEvict?.(s.keys[v]!);
      this.heap.pop();
      this.L = s.p[v]!;
      this.used -= s.size[v]!;
      s.release(v);
    }
    const y = s.alloc(key, size);
    s.t[y] = tick;
    s.cnt[y] = 1;
    s.q[y] = this.L;
    s.p[y] = this.L + 1 / (Math.max(1, size) / MiB);
    this.heap.push(y);
    this.used += size;
    return false;
  }

  snapshot() {
    return snapshotOf(this.s, this.s.live());
  }
}
