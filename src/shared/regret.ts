/**
 * Regret: what cachesweep evicted that had to come back. Pure summaries of rows the usage store keeps (one per
 * eviction, with its re-fetch when the name reappeared), for status, history, the reports and the metrics.
 */

/** How an eviction was made: by a planned clean run (the strategy's choice), a manual eviction, or the completion of a deletion an earlier run left unfinished. */
export type EvictionHow = 'planned' | 'manual' | 'completed';
export const EVICTION_HOWS: readonly EvictionHow[] = ['planned', 'manual', 'completed'];

/** One eviction and, when its name came back, the re-fetch. */
export interface RegretRow {
  name: string;
  evictedMs: number;
  how: EvictionHow;
  strategy: string;
  reason: string;
  /** Bytes the eviction freed (what had to come back, if it did). */
  bytes: number;
  /** When the name came back: at the latest its mtime, and no later than cachesweep saw it (null: not back). */
  refetchedMs: number | null;
}

/** Windows for "re-fetched within ... of its eviction": each contains the shorter ones. */
export const REGRET_WINDOWS: readonly { window: string; ms: number }[] = [
  { window: '1h', ms: 3_600_000 },
  { window: '24h', ms: 86_400_000 },
  { window: '7d', ms: 604_800_000 },
];

export interface RegretTally {
  evictions: number;
  evictedBytes: number;
  refetches: number;
  refetchedBytes: number;
}

export interface RegretSummary extends RegretTally {
  /** Re-fetches that came back within each window of their eviction, and their bytes. */
  windows: { window: string; seconds: number; refetches: number; bytes: number }[];
  /** Per way of evicting. */
  byHow: (RegretTally & { how: EvictionHow })[];
  /** Each strategy's own regret: only the evictions a planned run chose count. */
  byStrategy: (RegretTally & { strategy: string })[];
  /** Names most often evicted and fetched again (most re-fetches, then most bytes), at most `top`. */
  top: (RegretTally & { name: string; lastRefetchedMs: number })[];
}

/**
 * Evictions the store no longer keeps one row each (older than its raw horizon: usage/store/retention-evictions.ts),
 * as totals: per way of evicting and strategy, with the re-fetches within each of REGRET_WINDOWS; and per name that
 * came back.
 */
export interface FoldedRegret {
  totals: (RegretTally & { how: EvictionHow; strategy: string; windows: { refetches: number; bytes: number }[] })[];
  names: (RegretTally & { name: string; lastRefetchedMs: number })[];
}

const tally = (): RegretTally => ({ evictions: 0, evictedBytes: 0, refetches: 0, refetchedBytes: 0 });

function add(t: RegretTally, r: RegretRow): void {
  t.evictions++;
  t.evictedBytes += r.bytes;
  if (r.refetchedMs !== null) {
    t.refetches++;
    t.refetchedBytes += r.bytes;
  }
}

function addTally(t: RegretTally, f: RegretTally): void {
  t.evictions += f.evictions;
  t.evictedBytes += f.evictedBytes;
  t.refetches += f.refetches;
  t.refetchedBytes += f.refetchedBytes;
}

/** Sum the rows up, and the folded totals of older evictions. Pure; rows in any order. */
export function summarizeRegret(rows: readonly RegretRow[], top = 10, folded?: FoldedRegret): RegretSummary {
  const all = tally();
  const windows = REGRET_WINDOWS.map((w) => ({ window: w.window, seconds: w.ms / 1000, refetches: 0, bytes: 0 }));
  const byHow = new Map<EvictionHow, RegretTally & { how: EvictionHow }>(EVICTION_HOWS.map((how) => [how, { how, ...tally() }]));
  const byStrategy = new Map<string, RegretTally & { strategy: string }>();
  const byName = new Map<string, RegretTally & { name: string; lastRefetchedMs: number }>();
  for (const r of rows) {
    add(all, r);
    add(byHow.get(r.how) ?? byHow.set(r.how, { how: r.how, ...tally() }).get(r.how)!, r);
    if (r.how === 'planned') {
      const s = byStrategy.get(r.strategy) ?? { strategy: r.strategy, ...tally() };
      byStrategy.set(r.strategy, s);
      add(s, r);
    }
    const n = byName.get(r.name) ?? { name: r.name, lastRefetchedMs: 0, ...tally() };
    byName.set(r.name, n);
    add(n, r);
    if (r.refetchedMs === null) continue;
    n.lastRefetchedMs = Math.max(n.lastRefetchedMs, r.refetchedMs);
    const after = r.refetchedMs - r.evictedMs;
    REGRET_WINDOWS.forEach((w, i) => {
      if (after > w.ms) return;
      windows[i]!.refetches++;
      windows[i]!.bytes += r.bytes;
    });
  }
  if (folded) {
    for (const f of folded.totals) {
      addTally(all, f);
      addTally(byHow.get(f.how) ?? byHow.set(f.how, { how: f.how, ...tally() }).get(f.how)!, f);
      if (f.how === 'planned') addTally(byStrategy.get(f.strategy) ?? byStrategy.set(f.strategy, { strategy: f.strategy, ...tally() }).get(f.strategy)!, f);
      f.windows.forEach((w, i) => {
        windows[i]!.refetches += w.refetches;
        windows[i]!.bytes += w.bytes;
      });
    }
    for (const f of folded.names) {
      const n = byName.get(f.name) ?? byName.set(f.name, { name: f.name, lastRefetchedMs: 0, ...tally() }).get(f.name)!;
      addTally(n, f);
      n.lastRefetchedMs = Math.max(n.lastRefetchedMs, f.lastRefetchedMs);
    }
  }
  const worst = [...byName.values()]
    .filter((n) => n.refetches > 0)
    .sort((a, b) => b.refetches - a.refetches || b.refetchedBytes - a.refetchedBytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, top);
  return {
    ...all,
    windows,
    byHow: [...byHow.values()],
    byStrategy: [...byStrategy.values()].sort((a, b) => (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0)),
    top: worst,
  };
}

/**
 * When a name came back after an eviction at `evictedMs`, first seen again at `seenMs` with modification time
 * `mtimeMs`: no later than the mtime when the mtime is after the eviction (a download writes the file), else no later
 * than `seenMs` (a copy that kept an older mtime says nothing). So `refetched - evicted` is the longest it can have
 * taken: "within 1h" counts only re-fetches certainly within the hour.
 */
export function refetchTime(evictedMs: number, seenMs: number, mtimeMs: number | undefined): number {
  if (mtimeMs !== undefined && Number.isFinite(mtimeMs) && mtimeMs > evictedMs) return Math.min(mtimeMs, seenMs);
  return Math.max(evictedMs, seenMs);
}
