import type { ChalkInstance } from 'chalk';
import { escapeName } from '../shared/escape.js';
import { formatBytes } from '../shared/units.js';
import type { Fit } from './columns.js';
import { wrapWords } from './fit.js';
import { renderRows, type Cell, type TextStyle } from './render.js';
import type { SimDoc, SimRow } from './sim-doc.js';
import { bestLines, r4, SIM_HEADERS, traceLine } from './sim-words.js';

function rowCells(r: SimRow, label = r.strategy): Cell[] {
  return [
    { text: formatBytes(r.capacity), align: 'right' },
    { text: label },
    { text: r4(r.hitRatio), align: 'right' },
    { text: r4(r.byteHitRatio), align: 'right' },
    { text: r4(r.missRatio), align: 'right' },
    { text: r4(r.byteMissRatio), align: 'right' },
    { text: formatBytes(r.refetchBytes), align: 'right' },
  ];
}

/** How the columns give way on a narrow terminal: the hit ratios first (each is one minus a miss ratio), then what was fetched again. */
const SIM_FITS: Record<string, Fit> = {
  strategy: { shorten: 'end', want: 16, min: 8 },
  'hit ratio': { drop: 1 },
  'byte hit ratio': { drop: 2 },
  'fetched again': { drop: 3 },
};

/** The table: per capacity, a row per strategy, then the optimum and the bound. */
export function simTable(doc: SimDoc, style: TextStyle, chalk: ChalkInstance, width?: number): string {
  const rows: Cell[][] = [];
  for (const capacity of doc.options.capacities) {
    for (const r of doc.results.filter((x) => x.capacity === capacity)) rows.push(rowCells(r));
    const opt = doc.optimum?.find((x) => x.capacity === capacity);
    if (opt) rows.push(rowCells(opt, 'belady (optimum)').map((c) => ({ ...c, color: (k: ChalkInstance) => k.cyan })));
    const b = doc.bound?.find((x) => x.capacity === capacity);
    if (b) {
      rows.push(
        [
          { text: formatBytes(capacity), align: 'right' },
          { text: 'pfoo-l (bound)' },
          { text: `<=${r4(1 - b.missRatio)}`, align: 'right' },
          { text: `<=${r4(1 - b.byteMissRatio)}`, align: 'right' },
          { text: `>=${r4(b.missRatio)}`, align: 'right' },
          { text: `>=${r4(b.byteMissRatio)}`, align: 'right' },
          { text: '-', align: 'right' },
        ].map((c) => ({ ...c, color: (k: ChalkInstance) => k.cyan }) as Cell),
      );
    }
  }
  const headers = SIM_HEADERS.map((h, i): Cell => ({ text: h, align: i === 1 ? 'left' : 'right', ...(SIM_FITS[h] ? { fit: SIM_FITS[h] } : {}) }));
  return renderRows(headers, rows, style, chalk, width);
}

/** The whole text output: trace line, table, best per capacity, notes. */
export function simText(doc: SimDoc, style: TextStyle, chalk: ChalkInstance, width?: number): string {
  const prose = (line: string): string => (width === undefined ? line : wrapWords(line, width));
  const lines = [...bestLines(doc), ...doc.notes.map((n) => `note: ${escapeName(n)}`)];
  return [prose(escapeName(traceLine(doc))), simTable(doc, style, chalk, width), ...lines.map(prose)].join('\n');
}
