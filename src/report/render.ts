import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { escapeName } from '../shared/escape.js';

export type TextStyle = 'table' | 'plain';

/** A cell: text, and how to colour it on a TTY. */
export interface Cell {
  text: string;
  color?: (c: ChalkInstance) => (s: string) => string;
  align?: 'left' | 'right';
}

/** Rows as a bordered cli-table3 table (TTY) or as plain aligned columns (pipes, files, grep). */
export function renderRows(headers: Cell[], rawRows: Cell[][], style: TextStyle, chalk: ChalkInstance): string {
  const rows = rawRows.map((r) => r.map((c) => ({ ...c, text: escapeName(c.text) })));
  if (style === 'table') {
    const table = new Table({
      head: headers.map((h) => chalk.bold(h.text)),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      colAligns: headers.map((h) => h.align ?? 'left'),
    });
    for (const r of rows) table.push(r.map((c) => (c.color ? c.color(chalk)(c.text) : c.text)));
    return table.toString();
  }
  const widths = headers.map((h, i) => Math.max(h.text.length, ...rows.map((r) => r[i]?.text.length ?? 0)));
  const line = (cells: Cell[]): string =>
    cells
      .map((c, i) => (headers[i]?.align === 'right' ? c.text.padStart(widths[i]!) : c.text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => ({ text: h.text.toUpperCase() }))), ...rows.map(line)].join('\n');
}
