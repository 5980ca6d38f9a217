import type { StateValues } from '../policy/strategy.js';
import { SlotHeap } from './heap.js';
import { Slots } from './slots.js';
import { snapshotOf } from './snapshot.js';

/**
 * A policy that evicts the top of a min-heap on (priority `p`, last request `t`): the shape of the planner's lfu,
 * size and gdsf online, and of Belady. Subclasses say how a request sets the priority; admission, eviction until
 * the object fits, and the byte accounting are here once. O(log n) per request.
 */
export abstract class HeapPolicy {
  abstract readonly name: string;
  onEvict: ((key: number) => void) | undefined = undefined;
  protected readonly s = new Slots();
  protected readonly heap = new SlotHeap(this.s);
  private clock = 0;
  used = 0;

  constructor(readonly capacity: number) {}

  get count(): number {
    return this.heap.n;
  }

  /** Set slot `x`'s priority (and counters) for a request; `hit` tells a cached object from a new one. */
  protected abstract request(x: number, size: number, next: number, hit: boolean): void;

  /** Told about each victim before its slot is released (GDSF raises its aging value here). */
  protected evicted(_x: number): void {}

  access(key: number, size: number, _time: number, next: number): boolean {
    const tick = this.clock++;
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      s.t[x] = tick;
      this.request(x, s.size[x]!, next, true);
      this.heap.update(x);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.used + size > this.capacity) {
      const v = this.heap.top();
      this.onEvict?.(s.keys[v]!);
      this.heap.pop();
      this.evicted(v);
      this.used -= s.size[v]!;
      s.release(v);
    }
    const y = s.alloc(key, size);
    s.t[y] = tick;
    this.request(y, size, next, false);
    this.heap.push(y);
    this.used += size;
    return false;
  }

  /** A strategy with state: its state at slot `x`'s last request (for snapshots). */
  protected stateAt?(x: number): StateValues;

  snapshot() {
    return snapshotOf(this.s, this.s.live(), this.stateAt?.bind(this));
  }
}
