import type { ChalkInstance } from 'chalk';
import type { Applied } from '../apply/apply.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { Plan, PlannedEntry } from '../plan/types.js';
import { escapeName } from '../shared/escape.js';
import { KEPT_LISTED, NAME_FIT, REASON_FIT } from './columns.js';
import { interruptedSummary } from './interrupted.js';
import { plural } from './plural.js';
import { renderRows, type Cell, type TextStyle } from './render.js';
import { planRows } from '../plan/rows.js';

const pct = (n: number): string => `${(Math.round(n * 10) / 10).toFixed(1)}%`;

function reasonText(p: PlannedEntry): string {
  return p.detail ? `${p.reason}: ${p.detail}` : p.reason;
}

/**
 * The plan as a table: every entry, victims first in eviction order, or (`victimsOnly`) the victims alone. On a
 * terminal of `width` columns the names and reasons are shortened and the hits, class and idle columns hidden, in
 * that order, until it fits.
 */
export function planTable(plan: Plan, style: TextStyle, chalk: ChalkInstance, width?: number, victimsOnly = false): string {
  const all = planRows(plan);
  if (all.length === 0) return 'the cache is empty';
  // A manual eviction lists what it was asked for: the rest of the cache is the summary's count.
  const shown = (victimsOnly ? all.victims() : [...all]).filter((p) => p.reason !== 'not-requested');
  if (shown.length === 0) return 'no victims';
  const headers: Cell[] = [
    { text: 'entry', fit: NAME_FIT },
    { text: 'class', fit: { drop: 2 } },
    { text: 'size', align: 'right' },
    { text: 'idle', align: 'right', fit: { drop: 3 } },
    { text: 'hits', align: 'right', fit: { drop: 1 } },
    { text: 'decision' },
    { text: 'reason', fit: REASON_FIT },
  ];
  const rows = shown.map((p): Cell[] => [
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

/** Should a table list only the victims, and count the kept by reason? */
export function keptSummarised(plan: Plan, allEntries: boolean): boolean {
  return !allEntries && plan.summary.entries - plan.summary.evictCount > KEPT_LISTED;
}

/**
 * The kept entries counted by reason, most first: a line saying how many and how to list them (`head`, prose), then
 * a table with a row per reason: its count, size and the first names (in plan order).
 */
export function keptSummary(plan: Plan, style: TextStyle, chalk: ChalkInstance, width?: number): { head: string; table: string } {
  const by = new Map<string, { count: number; bytes: number; names: string[] }>();
  let count = 0;
  let bytes = 0;
  for (const p of planRows(plan)) {
    if (p.decision === 'evict') continue;
    let r = by.get(p.reason);
    if (!r) by.set(p.reason, (r = { count: 0, bytes: 0, names: [] }));
    r.count++;
    r.bytes += p.entry.bytes;
    if (r.names.length < 3) r.names.push(p.entry.name);
    count++;
    bytes += p.entry.bytes;
  }
  const head = `kept ${plural(count, 'entry', 'entries', (n) => n.toLocaleString('en-US'))}, ${formatBytes(bytes)}, by reason (--all-entries lists each):`;
  const headers: Cell[] = [{ text: 'reason' }, { text: 'entries', align: 'right' }, { text: 'size', align: 'right' }, { text: 'first entries', fit: NAME_FIT }];
  const rows = [...by]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .map(([reason, r]): Cell[] => [
      { text: reason, color: (c) => c.green },
      { text: r.count.toLocaleString('en-US') },
      { text: formatBytes(r.bytes) },
      { text: r.names.join(', ') + (r.count > r.names.length ? ', ...' : ''), color: (c) => c.dim },
    ]);
  return { head, table: renderRows(headers, rows, style, chalk, width) };
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
  line += interruptedSummary(planRows(plan));
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
