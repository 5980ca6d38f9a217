import { csvField } from './csv.js';
import type { SimDoc } from './sim-doc.js';

export const SIM_CSV_COLUMNS = [
  'capacity_bytes',
  'strategy',
  'kind',
  'requests',
  'hits',
  'hit_ratio',
  'byte_hit_ratio',
  'miss_ratio',
  'byte_miss_ratio',
  'requested_bytes',
  'hit_bytes',
  'miss_bytes',
  'refetches',
  'refetch_bytes',
] as const;

/**
 * A row per strategy and capacity, then the optimum (kind `optimum`) and the bound (kind `bound`: its hit figures are
 * maxima, its miss ratios minima, and what it cannot say is empty). CRLF line ends, as RFC 4180 says.
 */
export function simToCsv(doc: SimDoc): string {
  const lines = [SIM_CSV_COLUMNS.join(',')];
  const row = (vals: unknown[]): void => {
    lines.push(vals.map(csvField).join(','));
  };
  for (const capacity of doc.options.capacities) {
    const rows = [...doc.results.filter((x) => x.capacity === capacity), ...(doc.optimum ?? []).filter((x) => x.capacity === capacity)];
    for (const r of rows) {
      row([
        r.capacity,
        r.strategy,
        r.strategy === 'belady' ? 'optimum' : 'strategy',
        r.requests,
        r.hits,
        r.hitRatio,
        r.byteHitRatio,
        r.missRatio,
        r.byteMissRatio,
        r.requestedBytes,
        r.hitBytes,
        r.missBytes,
        r.refetches,
        r.refetchBytes,
      ]);
    }
    const b = doc.bound?.find((x) => x.capacity === capacity);
    if (b) {
      row([capacity, 'pfoo-l', 'bound', doc.trace.countedRequests, b.maxHits, 1 - b.missRatio, 1 - b.byteMissRatio, b.missRatio, b.byteMissRatio, doc.trace.countedBytes, b.maxHitBytes, '', '', '']);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
