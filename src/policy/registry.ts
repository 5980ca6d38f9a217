import { UnknownNameError } from '../shared/errors.js';
import { matchName } from '../shared/nearest.js';
import { age } from './age.js';
import { gdsf } from './gdsf.js';
import { ghost } from './ghost.js';
import { lfu } from './lfu.js';
import { lru } from './lru.js';
import { size } from './size.js';
import type { Strategy } from './strategy.js';

/** Every strategy. A new strategy is one file plus one line here. */
export const STRATEGIES: readonly Strategy[] = [age, lru, size, lfu, gdsf, ghost];

export function strategyNames(): string[] {
  return STRATEGIES.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
}

export function getStrategy(name: string): Strategy {
  // Case forgiven (`LRU`): no two strategy names differ only in case, so the folded name is still one strategy.
  const known = matchName(name, strategyNames()) ?? name;
  const s = STRATEGIES.find((x) => x.name === known || x.aliases?.includes(known));
  if (!s) throw new UnknownNameError('strategy', name, strategyNames());
  return s;
}
