import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { escapeName } from '../shared/escape.js';
import type { Fit } from './columns.js';
import { fitNote, fitTable } from './fitted.js';

export type TextStyle = 'table' | 'plain';

/** A cell: text, and how to colour it on a TTY. */
export interface Cell {
  text: string;
  color?: (c: ChalkInstance) => (s: string) => string;
  align?: 'left' | 'right';
  /** On a header: how its column gives way on a narrow terminal (./columns.ts). */
  fit?: Fit;
}

/** What cli-table3's borders and padding take for n columns: a bar before each column and after the last, a blank each side. */
const boxOverhead = (n: number): number => 3 * n + 1;

/**
 * Rows as a bordered cli-table3 table (TTY) or as plain aligned columns (pipes, files, grep). Given a `width`
 * (the terminal's, unless --wide), the table is made to fit it (./fitted.ts) and a line under it says what was
 * shortened or hidden; plain text is never shortened: it is what scripts and people who need the full names read.
 */
export function renderRows(headers: Cell[], rawRows: Cell[][], style: TextStyle, chalk: ChalkInstance, width?: number): string {
  const rows = rawRows.map((r) => r.map((c) => ({ ...c, text: escapeName(c.text) })));
  if (style === 'table') return width === undefined ? boxTable(headers, rows, chalk) : fittedBoxTable(headers, rows, chalk, width);
  // (a loop, not Math.max(...rows): 200,000 arguments overflow the stack, which ended `plan --format plain` of 200k entries)
  const widths = headers.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]?.text.length ?? 0), h.text.length));
  const line = (cells: Cell[]): string =>
    cells
      .map((c, i) => (headers[i]?.align === 'right' ? c.text.padStart(widths[i]!) : c.text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => ({ text: h.text.toUpperCase() }))), ...rows.map(line)].join('\n');
}

const paint = (c: Cell, chalk: ChalkInstance, text = c.text): string => (c.color ? c.color(chalk)(text) : text);

function boxTable(headers: Cell[], rows: Cell[][], chalk: ChalkInstance, colWidths?: number[]): string {
  const table = new Table({
    head: headers.map((h) => chalk.bold(h.text)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: headers.map((h) => h.align ?? 'left'),
    ...(colWidths ? { colWidths } : {}),
  });
  for (const r of rows) table.push(r.map((c) => paint(c, chalk)));
  return table.toString();
}

function fittedBoxTable(headers: Cell[], rows: Cell[][], chalk: ChalkInstance, width: number): string {
  const fitted = fitTable(
    headers.map((h, i) => ({ header: h.text, cells: rows.map((r) => r[i]?.text ?? ''), ...(h.fit ? { fit: h.fit } : {}) })),
    width,
    boxOverhead,
  );
  const shownHeaders = fitted.shown.map((i, k) => ({ ...headers[i]!, text: fitted.headers[k]! }));
  const shownRows = rows.map((r, n) => fitted.shown.map((i, k) => ({ ...(r[i] ?? { text: '' }), text: fitted.rows[n]![k]! })));
  const table = boxTable(shownHeaders, shownRows, chalk, fitted.widths.map((w) => w + 2));
  const note = fitNote(fitted, width);
  return note ? `${table}\n${chalk.dim(note)}` : table;
}
