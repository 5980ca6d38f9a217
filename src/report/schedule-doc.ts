import type { TriggerSpec } from '../plan/types.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { ScheduleConfig } from '../sim/schedule/cache.js';
import type { Recommendation } from '../sim/schedule/recommend.js';
import type { ScheduleResult } from '../sim/schedule/replay.js';
import { SIM_SCHEMA_VERSION } from './sim-doc.js';

/** One schedule's figures (a strategy run every so often with a threshold and a target), over the counted requests. */
export interface ScheduleRow {
  strategy: string;
  everySeconds: number;
  /** `85%` or a size, as the planner applies it; the target likewise (null for `age`, which has none). */
  threshold: string;
  target: string | null;
  requests: number;
  hits: number;
  missRatio: number;
  byteMissRatio: number;
  /** What was fetched again: misses of objects requested before. */
  refetches: number;
  refetchBytes: number;
  /** The fullest the cache was, in bytes and as a share of the disk. */
  peakBytes: number;
  peakPercent: number;
  /** How long the threshold was reached (seconds of the trace's clock). */
  secondsAboveThreshold: number;
  /** Downloads that found the disk full before the next run, and their bytes. */
  failedDownloads: number;
  failedBytes: number;
  runs: number;
  evictions: number;
  evictedBytes: number;
}

export interface ScheduleOptions {
  diskBytes: number;
  everySeconds: number[];
  minAgeSeconds: number;
  maxAgeSeconds: number;
  strategies: string[];
  warmup: number;
}

/** The `simulate --every ... --json` document (`mode: "schedule"`), which its reports render. */
export interface ScheduleDoc {
  schema: number;
  command: 'simulate';
  mode: 'schedule';
  generated: string;
  trace: { source: string; format: string; requests: number; warmup: number; countedRequests: number; countedBytes: number; objects: number; seconds: number; firstRequests: number; firstBytes: number };
  options: ScheduleOptions;
  results: ScheduleRow[];
  /** With --recommend: the limit, how many schedules kept to it, and the best (null when none did). */
  recommendation: { maxPeakBytes: number; feasible: number; best: ScheduleRow | null } | null;
  problems: { count: number; first: { where: string; why: string; text: string | null }[] };
}

/** A trigger's level as operators write it. */
export function levelText(kind: TriggerSpec['kind'], value: number): string {
  return kind === 'percent' ? `${value}%` : formatBytes(value);
}

function rowOf(config: ScheduleConfig, t: ScheduleResult['runs'][number]['tally']): ScheduleRow {
  const tr = config.plan.trigger;
  const threshold = tr.kind === 'none' ? '-' : levelText(tr.kind, tr.threshold);
  const hasTarget = tr.kind !== 'none' && config.strategy !== 'age';
  return {
    strategy: config.strategy,
    everySeconds: config.everyMs / 1000,
    threshold,
    target: hasTarget ? levelText(tr.kind, tr.target) : null,
    requests: t.requests,
    hits: t.hits,
    missRatio: t.requests > 0 ? (t.requests - t.hits) / t.requests : 0,
    byteMissRatio: t.bytes > 0 ? (t.bytes - t.hitBytes) / t.bytes : 0,
    refetches: t.refetches,
    refetchBytes: t.refetchBytes,
    peakBytes: t.peakBytes,
    peakPercent: (t.peakBytes / config.diskBytes) * 100,
    secondsAboveThreshold: t.aboveMs / 1000,
    failedDownloads: t.failed,
    failedBytes: t.failedBytes,
    runs: t.runs,
    evictions: t.evictions,
    evictedBytes: t.evictedBytes,
  };
}

export function scheduleToDoc(r: ScheduleResult, options: ScheduleOptions, rec: Recommendation | null, now: number): ScheduleDoc {
  const results = r.runs.map((x) => rowOf(x.config, x.tally));
  return {
    schema: SIM_SCHEMA_VERSION,
    command: 'simulate',
    mode: 'schedule',
    generated: new Date(now).toISOString(),
    trace: {
      source: r.label,
      format: r.format,
      requests: r.requests,
      warmup: r.warmup,
      countedRequests: r.counted.requests,
      countedBytes: r.counted.bytes,
      objects: r.objects,
      seconds: (r.endMs - r.startMs) / 1000,
      firstRequests: r.counted.firstRequests,
      firstBytes: r.counted.firstBytes,
    },
    options,
    results,
    recommendation: rec ? { maxPeakBytes: rec.maxPeakBytes, feasible: rec.feasible.length, best: rec.best !== null ? results[rec.best]! : null } : null,
    problems: { count: r.problems.count, first: r.problems.first.slice(0, 20).map((p) => ({ where: p.where, why: p.why, text: p.text ?? null })) },
  };
}

/** `every 40m, threshold 85%, target 80%` */
export function scheduleLabel(r: ScheduleRow): string {
  return `every ${formatDuration(r.everySeconds * 1000)}, threshold ${r.threshold}${r.target !== null ? `, target ${r.target}` : ''}`;
}

/** The recommendation in one sentence, or why there is none. */
export function recommendationLine(doc: ScheduleDoc): string | null {
  const rec = doc.recommendation;
  if (!rec) return null;
  const limit = `${formatBytes(rec.maxPeakBytes)} (${((rec.maxPeakBytes / doc.options.diskBytes) * 100).toFixed(1)}% of the disk)`;
  if (!rec.best) return `no schedule tried kept the disk at or below ${limit} without a failed download; try shorter intervals, lower thresholds or a bigger disk`;
  const b = rec.best;
  return `recommended: ${b.strategy} ${scheduleLabel(b)}: fetches ${formatBytes(b.refetchBytes)} again, peak ${formatBytes(b.peakBytes)} (${b.peakPercent.toFixed(1)}%), at or below ${limit}; ${rec.feasible} of ${doc.results.length} schedules kept to it`;
}
