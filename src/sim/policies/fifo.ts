import { ListPolicy } from '../list-policy.js';
import type { Policy } from '../types.js';

/** Reference: first in, first out. A hit changes nothing; a miss evicts the oldest admitted until the new object fits. */
export class FifoPolicy extends ListPolicy implements Policy {
  readonly name = 'fifo';

  protected hit(): void {}
}
