import type { PlannedEntry } from '../plan/types.js';
import type { RegretSummary } from '../shared/regret.js';
import { formatBytes } from '../shared/units.js';

const iso = (ms: number): string | null => (ms > 0 && Number.isFinite(ms) ? new Date(ms).toISOString() : null);

/** The store's regret in a JSON document (plan, clean, status, history); null without a store. */
export function regretJson(r: RegretSummary | undefined) {
  if (!r) return null;
  return {
    evictions: r.evictions,
    evictedBytes: r.evictedBytes,
    refetches: r.refetches,
    refetchedBytes: r.refetchedBytes,
    within: r.windows.map((w) => ({ window: w.window, seconds: w.seconds, refetches: w.refetches, bytes: w.bytes })),
    byHow: r.byHow.map((h) => ({ how: h.how, evictions: h.evictions, evictedBytes: h.evictedBytes, refetches: h.refetches, refetchedBytes: h.refetchedBytes })),
    byStrategy: r.byStrategy.map((s) => ({
      strategy: s.strategy,
      evictions: s.evictions,
      evictedBytes: s.evictedBytes,
      refetches: s.refetches,
      refetchedBytes: s.refetchedBytes,
    })),
    mostRefetched: r.top.map((t) => ({ name: t.name, evictions: t.evictions, refetches: t.refetches, refetchedBytes: t.refetchedBytes, lastRefetched: iso(t.lastRefetchedMs) })),
  };
}

/** Of a plan's victims, those that had already been evicted once and came back: what evicting them again risks. */
export function victimsRefetched(entries: Iterable<PlannedEntry>): { entries: number; bytes: number } {
  let n = 0;
  let bytes = 0;
  for (const e of entries) {
    if (e.decision !== 'evict' || !e.usage.refetches) continue;
    n++;
    bytes += e.entry.bytes;
  }
  return { entries: n, bytes };
}

/**
 * One line for terminals (status, history, a plan's summary): what came back after cachesweep evicted it, in total
 * and within 1h / 24h / 7d of the eviction, and the names that came back most. Null when nothing was evicted.
 */
export function regretLine(r: RegretSummary | undefined): string | null {
  if (!r || r.refetches === 0) return null;
  const within = r.windows.map((w) => `${w.window} ${formatBytes(w.bytes)}`).join(', ');
  const head = `re-fetched after eviction: ${r.refetches} of ${r.evictions} evictions, ${formatBytes(r.refetchedBytes)} of ${formatBytes(r.evictedBytes)}`;
  const most = r.top.slice(0, 3).map((t) => `${t.name} (${t.refetches}x)`);
  return `${head} (within ${within})${most.length > 0 ? `; most: ${most.join(', ')}` : ''}`;
}

/** The JSON form's line for reports: bytes that came back, within each window, of how many evictions, and the names back most. */
export function regretText(h: NonNullable<ReturnType<typeof regretJson>>): string {
  const within = h.within.map((w) => `${w.window} ${formatBytes(w.bytes)}`).join(', ');
  const most = h.mostRefetched.slice(0, 3).map((t) => `${t.name} (${t.refetches}x)`);
  return `${h.refetches} of ${h.evictions} evictions came back, ${formatBytes(h.refetchedBytes)} fetched again (within ${within})${most.length > 0 ? `; most: ${most.join(', ')}` : ''}`;
}
