import type { ReplayResult, RunResult } from '../sim/engine.js';

/** Version of the simulate JSON document. Adding fields is compatible; anything else bumps it. */
export const SIM_SCHEMA_VERSION = 1;

/** The figures of one replay (a strategy, or the optimum, at one capacity). Ratios are over the counted requests. */
export interface SimRow {
  strategy: string;
  capacity: number;
  requests: number;
  hits: number;
  misses: number;
  hitRatio: number;
  byteHitRatio: number;
  missRatio: number;
  byteMissRatio: number;
  requestedBytes: number;
  hitBytes: number;
  /** Bytes of all missed requests: what the cache had to fetch. */
  missBytes: number;
  /** Missed requests of objects requested before, and their bytes: what was fetched again. */
  refetches: number;
  refetchBytes: number;
  /** age: objects evicted because they were idle for max-age. */
  expired?: number;
}

/** PFOO-L at one capacity: no policy can do better. */
export interface SimBound {
  capacity: number;
  /** Lower bound on the miss ratio (so the hit ratio is at most 1 - this). */
  missRatio: number;
  /** Lower bound on the byte miss ratio. */
  byteMissRatio: number;
  maxHits: number;
  maxHitBytes: number;
}

export interface SimOptions {
  capacities: number[];
  strategies: string[];
  warmup: number;
  maxAgeSeconds: number;
  limits: boolean;
}

/** The `simulate --json` document, which every simulate report renders. */
export interface SimDoc {
  schema: number;
  command: 'simulate';
  generated: string;
  trace: {
    source: string;
    format: string;
    requests: number;
    warmup: number;
    countedRequests: number;
    countedBytes: number;
    objects: number;
    hasTime: boolean;
    /** Misses no cache can avoid: first requests of each object, over the counted requests (and bytes). */
    firstRequestMissRatio: number;
    firstRequestByteMissRatio: number;
    malformed: { count: number; first: { where: string; why: string; text: string | null }[] };
  };
  options: SimOptions;
  results: SimRow[];
  /** Belady per capacity, or null with --no-limits. */
  optimum: SimRow[] | null;
  /** PFOO-L per capacity, or null with --no-limits. */
  bound: SimBound[] | null;
  /**
   * Per capacity, the strategy with the lowest miss ratio and the one with the lowest byte miss ratio (of equal ones,
   * the first given), and every strategy at that lowest ratio: more than one is a tie, and no strategy wins it.
   */
  best: { capacity: number; missRatio: string; byteMissRatio: string; missRatioTied: string[]; byteMissRatioTied: string[] }[];
  notes: string[];
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

export function simRow(r: RunResult): SimRow {
  const t = r.tally;
  const row: SimRow = {
    strategy: r.strategy,
    capacity: r.capacity,
    requests: t.requests,
    hits: t.hits,
    misses: t.requests - t.hits,
    hitRatio: ratio(t.hits, t.requests),
    byteHitRatio: ratio(t.hitBytes, t.bytes),
    missRatio: ratio(t.requests - t.hits, t.requests),
    byteMissRatio: ratio(t.bytes - t.hitBytes, t.bytes),
    requestedBytes: t.bytes,
    hitBytes: t.hitBytes,
    missBytes: t.bytes - t.hitBytes,
    refetches: t.refetches,
    refetchBytes: t.refetchBytes,
  };
  if (r.expired !== undefined) row.expired = r.expired;
  return row;
}

/** The strategies with the lowest ratio, in the order they were given (exactly equal ratios: the same misses). */
function bestBy(rows: readonly SimRow[], key: 'missRatio' | 'byteMissRatio'): string[] {
  const low = Math.min(...rows.map((r) => r[key]));
  return rows.filter((r) => r[key] === low).map((r) => r.strategy);
}

export function simToDoc(r: ReplayResult, options: SimOptions, now = Date.now()): SimDoc {
  const results = r.runs.map(simRow);
  const notes: string[] = [];
  if (options.strategies.includes('age') && !r.hasTime) notes.push('age: the trace has no times, so nothing expires and age evicts like lru');
  if (r.belady) {
    notes.push(
      'optimum: Belady (farthest next request first, every miss admitted), optimal in object count when all objects have one size; with variable sizes it is not optimal, and the bound is the limit',
    );
  }
  if (r.pfoo) notes.push('bound: PFOO-L (Berger et al., SIGMETRICS 2018), a lower bound on the miss ratio and on the byte miss ratio of any policy at that capacity');
  return {
    schema: SIM_SCHEMA_VERSION,
    command: 'simulate',
    generated: new Date(now).toISOString(),
    trace: {
      source: r.label,
      format: r.format,
      requests: r.requests,
      warmup: r.warmup,
      countedRequests: r.counted.requests,
      countedBytes: r.counted.bytes,
      objects: r.objects,
      hasTime: r.hasTime,
      firstRequestMissRatio: ratio(r.counted.firstRequests, r.counted.requests),
      firstRequestByteMissRatio: ratio(r.counted.firstBytes, r.counted.bytes),
      malformed: { count: r.problems.count, first: r.problems.first.map((p) => ({ where: p.where, why: p.why, text: p.text ?? null })) },
    },
    options,
    results,
    optimum: r.belady ? r.belady.map(simRow) : null,
    bound: r.pfoo
      ? r.pfoo.map((b) => ({ capacity: b.capacity, missRatio: b.missRatio, byteMissRatio: b.byteMissRatio, maxHits: b.maxHits, maxHitBytes: b.maxHitBytes }))
      : null,
    best: options.capacities.map((capacity) => {
      const rows = results.filter((x) => x.capacity === capacity);
      const miss = bestBy(rows, 'missRatio');
      const bytes = bestBy(rows, 'byteMissRatio');
      return { capacity, missRatio: miss[0]!, byteMissRatio: bytes[0]!, missRatioTied: miss, byteMissRatioTied: bytes };
    }),
    notes,
  };
}
