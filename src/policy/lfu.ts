import { fallbackNote, frequency } from './frequency.js';
import { orderBy } from './order.js';
import type { Strategy } from './strategy.js';

/**
 * Least frequently used first: fewest hits (decayed by --half-life when given), ties by least
 * recently used, then name. With no hits recorded at all this is plain recency order, and the plan says so.
 */
export const lfu: Strategy = {
  name: 'lfu',
  aliases: ['popularity'],
  trigger: 'pressure',
  description: 'fewest recorded hits first (decayed by --half-life), ties by least recently used, until the target is met',
  rank(cands, ctx) {
    return orderBy(cands, (c) => frequency(c, ctx)); // the order of sort((a, b) => f(a) - f(b) || byRecency(a, b))
  },
  note: (cands) => fallbackNote('lfu', cands),
};
