import type { ChalkInstance } from 'chalk';
import { formatBytes } from '../shared/units.js';
import type { Fit } from './columns.js';
import { wrapWords } from './fit.js';
import { renderRows, type Cell, type TextStyle } from './render.js';
import type { SimDoc, SimRow } from './sim-doc.js';

/** A ratio as reports show it: four decimals. */
export const r4 = (v: number): string => v.toFixed(4);

const count = (n: number): string => n.toLocaleString('en-US');

export const SIM_HEADERS = ['capacity', 'strategy', 'hit ratio', 'byte hit ratio', 'miss ratio', 'byte miss ratio', 'fetched again'];

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

/** One line about the trace. */
export function traceLine(doc: SimDoc): string {
  const t = doc.trace;
  const warm = t.warmup > 0 ? `, the first ${count(t.warmup)} as warm-up (not counted)` : '';
  return (
    `trace ${t.source} (${t.format}): ${count(t.requests)} requests${warm}, ${count(t.objects)} objects, ${formatBytes(t.countedBytes)} requested; ` +
    `first requests alone miss ${r4(t.firstRequestMissRatio)} (bytes ${r4(t.firstRequestByteMissRatio)})`
  );
}

/** A line per capacity: the best strategy by each measure, against the optimum and the bound. */
export function bestLines(doc: SimDoc): string[] {
  return doc.best.map((b) => {
    const rows = doc.results.filter((x) => x.capacity === b.capacity);
    const m = rows.find((x) => x.strategy === b.missRatio)!;
    const y = rows.find((x) => x.strategy === b.byteMissRatio)!;
    const opt = doc.optimum?.find((x) => x.capacity === b.capacity);
    const bound = doc.bound?.find((x) => x.capacity === b.capacity);
    const limits = [opt ? `optimum ${r4(opt.missRatio)}` : '', bound ? `bound ${r4(bound.missRatio)} / ${r4(bound.byteMissRatio)}` : ''].filter(Boolean).join(', ');
    return `${formatBytes(b.capacity)}: fewest misses ${b.missRatio} (${r4(m.missRatio)}), fewest bytes missed ${b.byteMissRatio} (${r4(y.byteMissRatio)})${limits ? `; ${limits}` : ''}`;
  });
}

/** The whole text output: trace line, table, best per capacity, notes. */
export function simText(doc: SimDoc, style: TextStyle, chalk: ChalkInstance, width?: number): string {
  const prose = (line: string): string => (width === undefined ? line : wrapWords(line, width));
  return [prose(traceLine(doc)), simTable(doc, style, chalk, width), ...[...bestLines(doc), ...doc.notes.map((n) => `note: ${n}`)].map(prose)].join('\n');
}
