import type { ScheduleConfig, ScheduleTally } from './cache.js';

export interface ScheduleRun {
  config: ScheduleConfig;
  tally: ScheduleTally;
}

export interface Recommendation {
  /** Index into the runs of the one to use, or null when no schedule kept the disk below the limit. */
  best: number | null;
  /** Every run that kept the disk below the limit with no failed download, best first. */
  feasible: number[];
  /** The limit, in bytes of the disk. */
  maxPeakBytes: number;
}

/**
 * Which schedule keeps the disk at or below `maxPeakBytes` (and never full: no download failed) with the fewest bytes
 * fetched again; among equals, the one with fewer runs (cron less often), then the lower peak, then the strategy's
 * name. Pure.
 */
export function recommend(runs: readonly ScheduleRun[], maxPeakBytes: number): Recommendation {
  const feasible = runs
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.tally.failed === 0 && r.tally.peakBytes <= maxPeakBytes)
    .sort(
      (a, b) =>
        a.r.tally.refetchBytes - b.r.tally.refetchBytes ||
        a.r.tally.runs - b.r.tally.runs ||
        a.r.tally.peakBytes - b.r.tally.peakBytes ||
        (a.r.config.strategy < b.r.config.strategy ? -1 : a.r.config.strategy > b.r.config.strategy ? 1 : 0) ||
        a.i - b.i,
    )
    .map(({ i }) => i);
  return { best: feasible[0] ?? null, feasible, maxPeakBytes };
}
