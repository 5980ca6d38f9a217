import { DList } from '../dlist.js';
import { Slots } from '../slots.js';
import type { Policy } from '../types.js';

/**
 * Reference: SIEVE (Zhang et al., NSDI 2024). New objects enter at the head of a FIFO list; a hit only sets the
 * object's visited bit. To evict, a hand walks from where it stopped towards the head (wrapping to the tail):
 * visited objects are passed over and their bit cleared, the first unvisited one is evicted and the hand stays
 * at the next newer object. With variable sizes it evicts until the new object fits.
 */
export class SievePolicy implements Policy {
  readonly name = 'sieve';
  onEvict: ((key: number) => void) | undefined = undefined;
  private readonly s = new Slots();
  private readonly list = new DList(this.s);
  /** Next slot the hand looks at; -1: start at the tail. */
  private hand = -1;

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.list.bytes;
  }

  get count(): number {
    return this.list.count;
  }

  access(key: number, size: number, _time: number, _next: number): boolean {
    const s = this.s;
    const x = s.get(key);
    if (x >= 0) {
      s.flag[x] = 1;
      return true;
    }
    if (size > this.capacity) return false;
    while (this.list.bytes + size > this.capacity) this.evict();
    this.list.pushHead(s.alloc(key, size));
    return false;
  }

  private evict(): void {
    const s = this.s;
    let o = this.hand !== -1 ? this.hand : this.list.tail;
    while (s.flag[o] === 1) {
      s.flag[o] = 0;
      o = s.prev[o] !== -1 ? s.prev[o]! : this.list.tail;
    }
    this.hand = s.prev[o]!;
    this.onEvict?.(s.keys[o]!);
    this.list.remove(o);
    s.release(o);
  }
}
