import type { ChalkInstance } from 'chalk';
import { formatBytes, formatDuration } from '../shared/units.js';
import { renderRows, type Cell, type TextStyle } from './render.js';
import { recommendationLine, type ScheduleDoc, type ScheduleRow } from './schedule-doc.js';

const count = (n: number): string => n.toLocaleString('en-US');

export const SCHEDULE_HEADERS = ['strategy', 'every', 'threshold', 'target', 'byte miss ratio', 'fetched again', 'peak', 'above threshold', 'failed', 'runs'];

export function scheduleCells(r: ScheduleRow): string[] {
  return [
    r.strategy,
    formatDuration(r.everySeconds * 1000),
    r.threshold,
    r.target ?? '-',
    r.byteMissRatio.toFixed(4),
    formatBytes(r.refetchBytes),
    `${formatBytes(r.peakBytes)} (${r.peakPercent.toFixed(1)}%)`,
    formatDuration(r.secondsAboveThreshold * 1000),
    r.failedDownloads > 0 ? `${count(r.failedDownloads)} (${formatBytes(r.failedBytes)})` : '0',
    count(r.runs),
  ];
}

/** What was replayed, in one line. */
export function scheduleTraceLine(doc: ScheduleDoc): string {
  const t = doc.trace;
  const warm = t.warmup > 0 ? `, the first ${count(t.warmup)} as warm-up (not counted)` : '';
  return (
    `trace ${t.source} (${t.format}): ${count(t.requests)} requests${warm} over ${formatDuration(t.seconds * 1000)}, ${count(t.objects)} objects, ` +
    `${formatBytes(t.countedBytes)} requested; disk ${formatBytes(doc.options.diskBytes)}, min-age ${formatDuration(doc.options.minAgeSeconds * 1000)}`
  );
}

/** The schedules as a table (a row each, in the order replayed), then the recommendation when asked for. */
export function scheduleText(doc: ScheduleDoc, style: TextStyle, chalk: ChalkInstance): string {
  const right = new Set([1, 4, 5, 6, 7, 8, 9]);
  const headers: Cell[] = SCHEDULE_HEADERS.map((h, i) => ({ text: h, ...(right.has(i) ? { align: 'right' as const } : {}) }));
  const best = doc.recommendation?.best ?? null;
  const rows = doc.results.map((r): Cell[] =>
    scheduleCells(r).map((text, i) => ({
      text,
      ...(right.has(i) ? { align: 'right' as const } : {}),
      ...(i === 8 && r.failedDownloads > 0 ? { color: (c: ChalkInstance) => c.red } : r === best ? { color: (c: ChalkInstance) => c.green } : {}),
    })),
  );
  const out = [scheduleTraceLine(doc), renderRows(headers, rows, style, chalk)];
  const rec = recommendationLine(doc);
  if (rec) out.push(rec);
  return out.join('\n');
}
