import { orderBy } from './order.js';
import type { Strategy } from './strategy.js';

/** Largest first (bytes an eviction frees), ties by least recently used. */
export const size: Strategy = {
  name: 'size',
  trigger: 'pressure',
  description: 'largest first, ties by least recently used, until the target is met',
  rank: (cands) => orderBy(cands, (c) => -c.entry.bytes), // the order of sort((a, b) => b.entry.bytes - a.entry.bytes || byRecency(a, b))
};
