import { formatBytes } from '../shared/units.js';
import type { SimDoc } from './sim-doc.js';

// The words of a simulation that the terminal (sim-text.ts) and the HTML page (sim-html.ts) share. Apart from
// sim-text so that the page, and the report registry that lists it, need not load the terminal table (cli-table3).

/** A ratio as reports show it: four decimals. */
export const r4 = (v: number): string => v.toFixed(4);

const count = (n: number): string => n.toLocaleString('en-US');

export const SIM_HEADERS = ['capacity', 'strategy', 'hit ratio', 'byte hit ratio', 'miss ratio', 'byte miss ratio', 'fetched again'];

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
