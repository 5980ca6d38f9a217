import type { Candidate } from '../../src/policy/strategy.js';
import type { Usage } from '../../src/shared/types.js';
import { fakeEntry, makeUsage } from './fixtures.js';

/** A ranking candidate: name, size, and usage (last used, hits, hit times). */
export function cand(name: string, bytes: number, u: Partial<Usage> & { lastUsedMs: number }, now = 0): Candidate {
  const usage = makeUsage(u);
  if (u.hitTimesMs && u.hits === undefined) usage.hits = u.hitTimesMs.length;
  return { entry: fakeEntry(name, bytes, u.lastUsedMs), usage, idleMs: now - u.lastUsedMs };
}

export const names = (cs: readonly Candidate[]): string[] => cs.map((c) => c.entry.name);
