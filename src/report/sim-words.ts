import { formatBytes } from '../shared/units.js';
import { plural } from './plural.js';
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
    `trace ${t.source} (${t.format}): ${plural(t.requests, 'request', 'requests', count)}${warm}, ${plural(t.objects, 'object', 'objects', count)}, ${formatBytes(t.countedBytes)} requested; ` +
    `first requests alone miss ${r4(t.firstRequestMissRatio)} (bytes ${r4(t.firstRequestByteMissRatio)})`
  );
}

/** `a, b and c` */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `lru (0.8316)`, `tied between lru and age (0.8316)`, `tied between all 9 strategies (0.8316)`: a tie has no winner. */
function winner(tied: readonly string[], of: number, value: number): string {
  if (tied.length <= 1) return `${tied[0]} (${r4(value)})`;
  return `tied between ${tied.length === of && of > 2 ? `all ${of} strategies` : listed(tied)} (${r4(value)})`;
}

/** A line per capacity: the best strategy by each measure (or the tie), against the optimum and the bound. */
export function bestLines(doc: SimDoc): string[] {
  return doc.best.map((b) => {
    const rows = doc.results.filter((x) => x.capacity === b.capacity);
    const m = rows.find((x) => x.strategy === b.missRatio)!;
    const y = rows.find((x) => x.strategy === b.byteMissRatio)!;
    const opt = doc.optimum?.find((x) => x.capacity === b.capacity);
    const bound = doc.bound?.find((x) => x.capacity === b.capacity);
    const limits = [opt ? `optimum ${r4(opt.missRatio)}` : '', bound ? `bound ${r4(bound.missRatio)} / ${r4(bound.byteMissRatio)}` : ''].filter(Boolean).join(', ');
    const misses = winner(b.missRatioTied, rows.length, m.missRatio);
    const bytes = winner(b.byteMissRatioTied, rows.length, y.byteMissRatio);
    return `${formatBytes(b.capacity)}: fewest misses ${misses}, fewest bytes missed ${bytes}${limits ? `; ${limits}` : ''}`;
  });
}
