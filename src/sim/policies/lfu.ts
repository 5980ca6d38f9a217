import { SlotHeap } from '../heap.js';
import { Slots } from '../slots.js';
import { snapshotOf } from '../snapshot.js';
import type { MirrorPolicy } from '../types.js';

/**
 * The planner's `lfu` (`popularity`) online: fewest requests since admission first, ties by least recently used.
 * An evicted object that comes back starts again from one, as a re-downloaded file does in the usage store
 * (a new inode is a new entry). A heap on (requests, last request); O(log n) per request.
 */
export class LfuPolicy implements MirrorPolicy {
  readonly name = 'lfu';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly heap = new SlotHeap(this.s);
  private clock = 0;
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
      s.p[x] = ++s.cnt[x]!;
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
    s.t[y] = tick;
    s.cnt[y] = 1;
    s.p[y] = 1;
    this.heap.push(y);
    this.used += size;
    return false;
  }

  snapshot() {
    return snapshotOf(this.s, this.s.live());
  }
}
