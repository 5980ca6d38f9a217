import type { Entry, Usage } from '../shared/types.js';
import type { UsageSignal } from './signal.js';

export interface MergeOptions {
  /** Ignore atimes (for filesystems mounted noatime, or when something else reads every file). */
  noAtime?: boolean;
}

/** The usage that file times alone give. */
export function usageFromTimes(entry: Entry, opts: MergeOptions = {}): Usage {
  const lastUsedMs = opts.noAtime ? entry.mtimeMs : Math.max(entry.mtimeMs, entry.atimeMs);
  return { lastUsedMs, hits: 0, inUse: [], pinned: false };
}

/**
 * Merge every signal into one Usage per entry: lastUsed is the newest of all, hits add up,
 * in-use reasons accumulate, pinned if any source says so. Pure.
 */
export function mergeUsage(entries: readonly Entry[], signals: readonly UsageSignal[], opts: MergeOptions = {}): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const e of entries) out.set(e.name, usageFromTimes(e, opts));
  const apply = (u: Usage, s: UsageSignal): void => {
    if (s.lastUsedMs !== undefined && s.lastUsedMs > u.lastUsedMs) u.lastUsedMs = s.lastUsedMs;
    if (s.hits) u.hits += s.hits;
    if (s.hitTimesMs?.length) u.hitTimesMs = [...(u.hitTimesMs ?? []), ...s.hitTimesMs].sort((a, b) => a - b);
    if (s.decayed) u.decayed = u.decayed ? { ...u.decayed, uses: u.decayed.uses + s.decayed.uses, weight: u.decayed.weight + s.decayed.weight } : { ...s.decayed };
    if (s.firstSeenMs !== undefined && (u.firstSeenMs === undefined || s.firstSeenMs < u.firstSeenMs)) u.firstSeenMs = s.firstSeenMs;
    if (s.refetches !== undefined) u.refetches = Math.max(u.refetches ?? 0, s.refetches);
    if (s.returnGapMs !== undefined) u.returnGapMs = s.returnGapMs;
    if (s.inUse?.length) for (const r of s.inUse) if (!u.inUse.includes(r)) u.inUse.push(r);
    if (s.pinned) {
      // The pin that lasts longest wins: one without end, else the latest end.
      const endless = (u.pinned && u.pinnedUntilMs === undefined) || s.pinnedUntilMs === undefined;
      if (endless) delete u.pinnedUntilMs;
      else u.pinnedUntilMs = Math.max(u.pinnedUntilMs ?? 0, s.pinnedUntilMs!);
      u.pinned = true;
    }
  };
  for (const s of signals) {
    if (s.name === null) for (const u of out.values()) apply(u, s);
    else {
      const u = out.get(s.name);
      if (u) apply(u, s);
    }
  }
  return out;
}
