import { orderBy } from './order.js';
import type { Strategy } from './strategy.js';

/** Least recently used first. */
export const lru: Strategy = {
  name: 'lru',
  trigger: 'pressure',
  description: 'least recently used first, until the target is met',
  rank: (cands) => orderBy(cands), // the order of [...cands].sort(byRecency)
};
