import { UnknownNameError, UsageError } from '../../shared/errors.js';
import type { Policy } from '../types.js';
import { AgePolicy } from './age.js';
import { ArcPolicy } from './arc.js';
import { FifoPolicy } from './fifo.js';
import { GdsfPolicy } from './gdsf.js';
import { GhostPolicy } from './ghost.js';
import { LfuPolicy } from './lfu.js';
import { LruPolicy } from './lru.js';
import { S3FifoPolicy } from './s3fifo.js';
import { SievePolicy } from './sieve.js';
import { SizePolicy } from './size.js';

export interface PolicyOptions {
  /** The age strategy's max-age, in seconds of the trace's clock. */
  maxAgeSeconds: number;
}

export interface PolicyInfo {
  name: string;
  aliases?: readonly string[];
  /** `planner`: the online form of a `plan`/`clean` strategy; `reference`: a standard algorithm to compare against. */
  kind: 'planner' | 'reference';
  make(capacity: number, opts: PolicyOptions): Policy;
}

/** Every policy `simulate` replays, in the order reports list them. One file per policy, one line here. */
export const POLICIES: readonly PolicyInfo[] = [
  { name: 'lru', kind: 'planner', make: (c) => new LruPolicy(c) },
  { name: 'lfu', aliases: ['popularity'], kind: 'planner', make: (c) => new LfuPolicy(c) },
  { name: 'gdsf', kind: 'planner', make: (c) => new GdsfPolicy(c) },
  { name: 'size', kind: 'planner', make: (c) => new SizePolicy(c) },
  { name: 'age', kind: 'planner', make: (c, o) => new AgePolicy(c, o.maxAgeSeconds) },
  { name: 'ghost', kind: 'planner', make: (c) => new GhostPolicy(c) },
  { name: 'fifo', kind: 'reference', make: (c) => new FifoPolicy(c) },
  { name: 'arc', kind: 'reference', make: (c) => new ArcPolicy(c) },
  { name: 'sieve', kind: 'reference', make: (c) => new SievePolicy(c) },
  { name: 's3fifo', aliases: ['s3-fifo'], kind: 'reference', make: (c) => new S3FifoPolicy(c) },
];

export function policyNames(): string[] {
  return POLICIES.map((p) => p.name);
}

export function getPolicy(name: string): PolicyInfo {
  const n = name.trim().toLowerCase();
  const p = POLICIES.find((x) => x.name === n || x.aliases?.includes(n));
  if (!p) throw new UnknownNameError('strategy', name, policyNames(), '; the optimum and the bound are always reported unless --no-limits', 'from ');
  return p;
}

/** Parse `--strategy lru,lfu` (repeatable): known names, aliases resolved, duplicates dropped, in the order given. */
export function parsePolicies(values: readonly string[]): PolicyInfo[] {
  const out: PolicyInfo[] = [];
  for (const v of values) {
    for (const part of v.split(',')) {
      if (part.trim() === '') continue;
      const p = getPolicy(part);
      if (!out.includes(p)) out.push(p);
    }
  }
  if (out.length === 0) throw new UsageError(`--strategy: give at least one strategy (${policyNames().join(', ')})`);
  return out;
}
