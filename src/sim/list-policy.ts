import { DList } from './dlist.js';
import { Slots } from './slots.js';

/**
 * A policy on one list of its cached objects, newest admitted at the head: the shape of FIFO, SIEVE and the
 * planner's lru (and age) online. Subclasses say what a hit does and which object goes; admission, eviction until
 * the object fits, and the byte accounting are here once. O(1) per request, unless `victim` walks.
 */
export abstract class ListPolicy {
  abstract readonly name: string;
  onEvict: ((key: number) => void) | undefined = undefined;
  protected readonly s = new Slots();
  protected readonly list = new DList(this.s);
  /** The request's index (the simulator's clock: one tick per request, so never a tie). */
  protected tick = -1;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.list.bytes;
  }

  get count(): number {
    return this.list.count;
  }

  /** A request for the cached object in slot `x`. */
  protected abstract hit(x: number): void;

  /** A new object in slot `x`, before it enters the list's head. */
  protected admitted(_x: number): void {}

  /** The slot to evict next: the tail (oldest) unless a subclass chooses otherwise. */
  protected victim(): number {
    return this.list.tail;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    this.tick++;
    const x = this.s.get(key);
    if (x >= 0) {
      this.hit(x);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.list.bytes + size > this.capacity) this.evict();
    const y = this.s.alloc(key, size);
    this.admitted(y);
    this.list.pushHead(y);
    return false;
  }

  protected evict(): void {
    const v = this.victim();
    this.onEvict?.(this.s.keys[v]!);
    this.list.remove(v);
    this.s.release(v);
  }
}
