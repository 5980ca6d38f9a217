import type { ChalkInstance } from 'chalk';
import type { Applied } from '../apply/apply.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { Plan, PlannedEntry } from '../plan/types.js';
import { escapeName } from '../shared/escape.js';
import { NAME_FIT, REASON_FIT } from './columns.js';
import { interruptedSummary } from './interrupted.js';
import { plural } from './plural.js';
import { renderRows, type Cell, type TextStyle } from './render.js';

const pct = (n: number): string => `${(Math.round(n * 10) / 10).toFixed(1)}%`;

function reasonText(p: PlannedEntry): string {
  return p.detail ? `${p.reason}: ${p.detail}` : p.reason;
}

/**
 * The plan as a table: every entry, victims first in eviction order. On a terminal of `width` columns the names
 * and reasons are shortened and the hits, class and idle columns hidden, in that order, until it fits.
 */
export function planTable(plan: Plan, style: TextStyle, chalk: ChalkInstance, width?: number): string {
  if (plan.entries.length === 0) return 'the cache is empty';
  const headers: Cell[] = [
    { text: 'entry', fit: NAME_FIT },
    { text: 'class', fit: { drop: 2 } },
    { text: 'size', align: 'right' },
    { text: 'idle', align: 'right', fit: { drop: 3 } },
    { text: 'hits', align: 'right', fit: { drop: 1 } },
    { text: 'decision' },
    { text: 'reason', fit: REASON_FIT },
  ];
  const rows = plan.entries.map((p): Cell[] => [
    { text: p.entry.name },
    { text: p.entry.class },
    { text: formatBytes(p.entry.bytes) },
    { text: formatDuration(p.idleMs) },
    { text: String(p.usage.hits) },
    { text: p.decision, color: (c) => (p.decision === 'evict' ? c.red.bold : c.green) },
    { text: reasonText(p), color: (c) => c.dim },
  ]);
  return renderRows(headers, rows, style, chalk, width);
}

/** `evict 12 of 240 entries, 183.2 GiB; disk 91.3% -> 78.9% (target 80%)` */
export function summaryLine(plan: Plan, dryRun: boolean): string {
  const s = plan.summary;
  const t = plan.trigger;
  const verb = dryRun ? 'would evict' : 'evict';
  let line = `${verb} ${s.evictCount} of ${plural(s.entries, 'entry', 'entries')}, ${formatBytes(s.evictBytes)}`;
  const disk = `disk ${pct(plan.before.diskUsedPercent)} -> ${pct(plan.after.diskUsedPercent)}`;
  const cache = `cache ${formatBytes(plan.before.cacheBytes)} -> ${formatBytes(plan.after.cacheBytes)}`;
  switch (t.kind) {
    case 'percent':
      line += `; ${disk} (threshold ${t.threshold}%${t.target !== null ? `, target ${t.target}%` : ''}${t.reached ? '' : ', not reached'})`;
      break;
    case 'size':
      line += `; ${cache} (threshold ${formatBytes(t.threshold!)}${t.target !== null ? `, target ${formatBytes(t.target)}` : ''}${t.reached ? '' : ', not reached'})`;
      break;
    case 'min-free':
      line += `; free ${formatBytes(plan.before.diskAvailableBytes)} -> ${formatBytes(plan.after.diskAvailableBytes)} (min-free ${formatBytes(t.threshold!)}${t.reached ? '' : ', not reached'})`;
      break;
    default:
      line += `; ${disk}`;
      if (t.maxAgeSeconds !== null) line += ` (max-age ${formatDuration(t.maxAgeSeconds * 1000)})`;
  }
  line += interruptedSummary(plan.entries);
  if (s.cappedCount) line += `; --max-delete held back ${s.cappedCount} more (${formatBytes(s.cappedBytes ?? 0)})`;
  if (s.shortfallBytes > 0) line += `; SHORTFALL ${formatBytes(s.shortfallBytes)}: the target cannot be met`;
  return line;
}

/** What applying did, one line plus a line per skip and failure. */
export function appliedText(a: Applied): string {
  const lines = [
    `deleted ${plural(a.deleted.length, 'entry', 'entries')}, ${formatBytes(a.freedBytes)}; skipped ${a.skipped.length}; failed ${a.failed.length}${a.interrupted ? '; interrupted' : ''}`,
  ];
  for (const s of a.skipped) lines.push(`skipped ${escapeName(s.name)}: ${escapeName(s.why)}`);
  for (const f of a.failed) lines.push(`failed ${escapeName(f.name)}: ${escapeName(f.error)}`);
  return lines.join('\n');
}
