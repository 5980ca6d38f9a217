import { outcomeOf } from './doc.js';
import type { PlanDoc } from './plan-schema.js';

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'host',
  'root',
  'entry',
  'class',
  'kind',
  'bytes',
  'apparent_bytes',
  'last_used',
  'idle_seconds',
  'hits',
  'in_use',
  'pinned',
  'decision',
  'reason',
  'detail',
  'order',
  'outcome',
  'outcome_detail',
] as const;

/** A row per entry, victims first in eviction order, with a header row. CRLF line ends, as RFC 4180 says. */
export function planToCsv(doc: PlanDoc): string {
  const rows: unknown[][] = [[...CSV_COLUMNS]];
  for (const e of doc.entries) {
    const o = outcomeOf(doc, e.name);
    rows.push([
      doc.host,
      doc.root,
      e.name,
      e.class,
      e.kind,
      e.bytes,
      e.apparentBytes,
      e.lastUsed,
      e.idleSeconds,
      e.hits,
      e.inUse.join('; '),
      e.pinned,
      e.decision,
      e.reason,
      e.detail,
      e.order,
      o?.outcome ?? '',
      o?.detail ?? '',
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
