import { orderBy } from './order.js';
import type { Strategy } from './strategy.js';

/** Nova's rule: evict every eligible entry idle for at least max-age, longest idle first. */
export const age: Strategy = {
  name: 'age',
  trigger: 'expiry',
  description: 'evict every entry idle longer than --max-age (default 24h), longest idle first',
  rank: (cands) => orderBy(cands), // the order of [...cands].sort(byRecency)
};
