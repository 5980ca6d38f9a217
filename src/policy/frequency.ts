import type { Candidate, RankContext } from './strategy.js';

/**
 * How much use a candidate has had: its hit count, or with a half-life each hit weighted
 * 2^(-(now - t) / halfLife), so a hit one half-life ago counts 1/2, two half-lives ago 1/4.
 * Hits whose time is unknown (a source that keeps only a count and a last access, like Glance's
 * cache.db) are weighted as if they all happened at the entry's last use: the most they can be worth.
 * Pure: the clock is `ctx.now`.
 */
export function frequency(c: Candidate, ctx: RankContext): number {
  const hits = c.usage.hits;
  if (ctx.halfLifeMs === undefined || hits === 0) return hits;
  const weight = (t: number): number => 2 ** (-Math.max(0, ctx.now - t) / ctx.halfLifeMs!);
  const times = c.usage.hitTimesMs ?? [];
  // Summed where they are kept, from 0 and oldest first, as the loop below would (the same plan to the bit).
  const d = c.usage.decayed?.halfLifeMs === ctx.halfLifeMs ? c.usage.decayed : undefined;
  let w = d?.weight ?? 0;
  for (const t of times) w += weight(t);
  const untimed = hits - times.length - (d?.uses ?? 0);
  if (untimed > 0) w += untimed * weight(c.usage.lastUsedMs);
  return w;
}

/** True when no candidate has any recorded use: frequency strategies then rank by recency, and say so. */
export function noHistory(cands: readonly Candidate[]): boolean {
  return cands.every((c) => c.usage.hits === 0);
}

/** The plan note of a frequency strategy that fell back to recency. */
export function fallbackNote(strategy: string, cands: readonly Candidate[]): string | undefined {
  if (cands.length === 0 || !noHistory(cands)) return undefined;
  return `${strategy}: no hits recorded yet for any candidate (usage store or cache metadata), so it ranks by recency: least recently used first`;
}
