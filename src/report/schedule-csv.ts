import { csvField } from './csv.js';
import type { ScheduleDoc } from './schedule-doc.js';

export const SCHEDULE_CSV_COLUMNS = [
  'strategy',
  'every_seconds',
  'threshold',
  'target',
  'requests',
  'hits',
  'miss_ratio',
  'byte_miss_ratio',
  'refetches',
  'refetch_bytes',
  'peak_bytes',
  'peak_percent',
  'seconds_above_threshold',
  'failed_downloads',
  'failed_bytes',
  'runs',
  'evictions',
  'evicted_bytes',
  'recommended',
] as const;

/** A row per schedule, in the order replayed; `recommended` is 1 for the one --recommend chose. CRLF line ends. */
export function scheduleToCsv(doc: ScheduleDoc): string {
  const best = doc.recommendation?.best ?? null;
  const lines = [SCHEDULE_CSV_COLUMNS.join(',')];
  for (const r of doc.results) {
    const vals = [r.strategy, r.everySeconds, r.threshold, r.target ?? '', r.requests, r.hits, r.missRatio, r.byteMissRatio, r.refetches, r.refetchBytes];
    vals.push(r.peakBytes, r.peakPercent, r.secondsAboveThreshold, r.failedDownloads, r.failedBytes, r.runs, r.evictions, r.evictedBytes, r === best ? 1 : 0);
    lines.push(vals.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
