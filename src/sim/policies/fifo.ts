import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

/** Reference: first in, first out. A hit changes nothing; a miss evicts the oldest admitted until the new object fits. */
export class FifoPolicy implements Policy {
  readonly name = 'fifo';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly list = new DList(this.s);

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.list.bytes;
  }

  get count(): number {
    return this.list.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const s = this.s;
    if (s.get(key) >= 0) return true;
    if (size > this.capacity) return false;
    while (this.list.bytes + size > this.capacity) {
      const v = this.list.tail;
      this.onEvict?.(s.keys[v]!);
      this.list.remove(v);
      s.release(v);
    }
    this.list.pushHead(s.alloc(key, size));
    return false;
  }
}
