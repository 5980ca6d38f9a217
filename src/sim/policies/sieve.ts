import { ListPolicy } from '../list-policy.js';
import type { Policy } from '../types.js';

/**
 * Reference: SIEVE (Zhang et al., NSDI 2024). New objects enter at the head of a FIFO list; a hit only sets the
 * object's visited bit. To evict, a hand walks from where it stopped towards the head (wrapping to the tail):
 * visited objects are passed over and their bit cleared, the first unvisited one is evicted and the hand stays
 * at the next newer object. With variable sizes it evicts until the new object fits.
 */
export class SievePolicy extends ListPolicy implements Policy {
  readonly name = 'sieve';
  /** Next slot the hand looks at; -1: start at the tail. */
  private hand = -1;

  protected hit(x: number): void {
    this.s.flag[x] = 1;
  }

  protected override victim(): number {
    const s = this.s;
    let o = this.hand !== -1 ? this.hand : this.list.tail;
    while (s.flag[o] === 1) {
      s.flag[o] = 0;
      o = s.prev[o] !== -1 ? s.prev[o]! : this.list.tail;
    }
    this.hand = s.prev[o]!;
    return o;
  }
}
