import { planColumns, type ColumnPlan, type ColumnSize } from './columns.js';
import { displayWidth, ellipsizeEnd, wrapWords } from './fit.js';
import { shortenDistinct } from './shorten.js';

/** A column's header and cells as plain text (no colour), and how the column may give way. */
export interface TextColumn {
  header: string;
  cells: readonly string[];
  fit?: ColumnSize['fit'];
}

export interface FittedTable {
  /** The columns shown, in order (indices into the input). */
  shown: number[];
  widths: number[];
  /** Header of each shown column, wrapped between words into lines that fit its width. */
  headers: string[];
  /** rows[r][k]: the text of shown column k in row r, shortened to fit. */
  rows: string[][];
  /** Headers of the hidden columns; and whether any text was shortened. */
  hidden: string[];
  shortened: boolean;
}

/** A header in lines of at most `cols` columns, broken between words (a word wider than that is shortened). */
function wrapHeader(text: string, cols: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && displayWidth(`${lines[last]} ${word}`) <= cols) lines[last] += ` ${word}`;
    else lines.push(ellipsizeEnd(word, cols));
  }
  return lines.join('\n');
}

/**
 * The table's columns planned for `total` terminal columns (borders and padding taking `overhead(n)`), each
 * shown cell shortened to its column's width: names in the middle, keeping different names different; reasons and
 * everything else at the end.
 */
export function fitTable(columns: readonly TextColumn[], total: number, overhead: (n: number) => number): FittedTable {
  const sizes: ColumnSize[] = columns.map((c) => ({
    header: displayWidth(c.header),
    headerWord: Math.max(...c.header.split(' ').map(displayWidth)),
    content: c.cells.reduce((m, t) => Math.max(m, displayWidth(t)), 0),
    ...(c.fit ? { fit: c.fit } : {}),
  }));
  const plan: ColumnPlan = planColumns(sizes, total, overhead);
  let shortened = false;
  const cols = plan.shown.map((i, k) => {
    const c = columns[i]!;
    const w = plan.widths[k]!;
    const out = c.fit?.shorten === 'middle' ? shortenDistinct(c.cells, w) : c.cells.map((t) => ellipsizeEnd(t, w));
    if (out.some((t, r) => t !== c.cells[r])) shortened = true;
    return out;
  });
  const rowCount = columns[0]?.cells.length ?? 0;
  return {
    shown: plan.shown,
    widths: plan.widths,
    headers: plan.shown.map((i, k) => wrapHeader(columns[i]!.header, plan.widths[k]!)),
    rows: Array.from({ length: rowCount }, (_, r) => cols.map((col) => col[r]!)),
    hidden: plan.hidden.map((i) => columns[i]!.header),
    shortened,
  };
}

/** The line under a table that was made to fit: what is missing, and how to see it. */
export function fitNote(t: FittedTable, total: number): string | undefined {
  if (!t.shortened && t.hidden.length === 0) return undefined;
  const what = [t.shortened ? `… marks text shortened to fit ${total} columns` : `fit to ${total} columns`];
  if (t.hidden.length > 0) what.push(`hidden: ${t.hidden.join(', ')}`);
  return wrapWords(`(${what.join('; ')}; --wide shows everything)`, total);
}
