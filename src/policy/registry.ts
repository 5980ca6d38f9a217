import { UnknownNameError } from '../shared/errors.js';
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
  const s = STRATEGIES.find((x) => x.name === name || x.aliases?.includes(name));
  if (!s) throw new UnknownNameError('strategy', name, strategyNames());
  return s;
}
