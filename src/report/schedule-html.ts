import { formatBytes, formatDuration } from '../shared/units.js';
import { esc } from './html-charts.js';
import { htmlHead } from './html.js';
import { intervalChart, type LineSeries } from './schedule-chart.js';
import { recommendationLine, scheduleLabel, type ScheduleDoc, type ScheduleRow } from './schedule-doc.js';
import { scheduleCells, scheduleTraceLine, SCHEDULE_HEADERS } from './schedule-text.js';
import { strategyColor } from './sim-charts.js';

/** The binary unit (1, KiB, MiB, ...) that `max` is counted in. */
const binaryUnit = (max: number): number => 1024 ** Math.max(0, Math.floor(Math.log(Math.max(1, max)) / Math.log(1024)));

const DASHES = [undefined, '6 3', '2 3', '8 3 2 3'];

/** A line per strategy and threshold/target pair (dashed per pair), against the interval. */
function lines(doc: ScheduleDoc, y: (r: ScheduleRow) => number, what: (r: ScheduleRow) => string): LineSeries[] {
  const pairs = [...new Set(doc.results.map((r) => `${r.threshold} → ${r.target ?? '-'}`))];
  const out: LineSeries[] = [];
  for (const strategy of doc.options.strategies) {
    pairs.forEach((pair, k) => {
      const rows = doc.results.filter((r) => r.strategy === strategy && `${r.threshold} → ${r.target ?? '-'}` === pair);
      if (rows.length === 0) return;
      out.push({
        name: pairs.length > 1 ? `${strategy} ${pair}` : strategy,
        color: strategyColor(strategy),
        ...(DASHES[k % DASHES.length] ? { dash: DASHES[k % DASHES.length]! } : {}),
        points: rows.map((r) => ({ x: r.everySeconds, y: y(r), title: `${r.strategy} ${scheduleLabel(r)}: ${what(r)}` })),
      });
    });
  }
  return out;
}

/**
 * One self-contained HTML page of a schedule replay: what each schedule fetched again and how full it let the disk
 * get, against the interval between runs, with the recommendation and the full table. No script, nothing loaded.
 */
export function scheduleToHtml(doc: ScheduleDoc): string {
  const title = `cachesweep simulate --every: ${doc.trace.source}`;
  const out: string[] = [htmlHead(title, 'tr.best td{background:#eaf6ea}td.bad{color:#d62728}')];
  out.push(`<header><h1>${esc(title)}</h1><p class="meta">${esc(doc.generated)} · ${esc(scheduleTraceLine(doc))}</p></header>`);
  const rec = recommendationLine(doc);
  if (rec) out.push(`<section><p id="recommendation" class="${doc.recommendation?.best ? '' : 'bad'}"><strong>${esc(rec)}</strong></p></section>`);
  const x = (s: number): string => formatDuration(s * 1000);
  out.push('<section><h2>Fetched again against the interval between runs</h2>');
  out.push(intervalChart('chart-refetched', 'Bytes fetched again per schedule', 'bytes fetched again', lines(doc, (r) => r.refetchBytes, (r) => formatBytes(r.refetchBytes)), { x, y: (v) => formatBytes(v), yUnit: binaryUnit }));
  out.push('<p class="note">Lower is better: every byte fetched again is a download (for an image cache, a Glance download and a slower boot).</p></section>');
  const limits = [{ y: 100, label: 'the disk is full' }];
  if (doc.recommendation && doc.recommendation.maxPeakBytes < doc.options.diskBytes) {
    limits.push({ y: (doc.recommendation.maxPeakBytes / doc.options.diskBytes) * 100, label: '--max-peak' });
  }
  out.push('<section><h2>Peak disk use against the interval between runs</h2>');
  out.push(intervalChart('chart-peak', 'Fullest the disk got per schedule', 'peak disk use (%)', lines(doc, (r) => r.peakPercent, (r) => `${r.peakPercent.toFixed(1)}%`), { x, y: (v) => `${v}%` }, limits));
  out.push('<p class="note">The cache grows freely between runs: the longer the interval, the higher the peak. At 100% a download fails (counted in the table).</p></section>');
  out.push('<section><h2>Every schedule</h2>');
  out.push(`<table id="results"><tr>${SCHEDULE_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`);
  for (const r of doc.results) {
    const cls = r === doc.recommendation?.best ? ' class="best"' : '';
    out.push(`<tr${cls}>${scheduleCells(r).map((c, i) => `<td${i === 8 && r.failedDownloads > 0 ? ' class="bad"' : ''}>${esc(c)}</td>`).join('')}</tr>`);
  }
  out.push('</table></section>');
  out.push(`<footer>cachesweep simulate --every · schema ${esc(doc.schema)}</footer>\n</body></html>\n`);
  return out.join('\n');
}
