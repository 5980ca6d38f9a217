import { Chalk } from 'chalk';
import { replay } from '../../src/sim/engine.js';
import { getPolicy, POLICIES } from '../../src/sim/policies/registry.js';
import { ChunkBuilder, type TraceSource } from '../../src/sim/trace/types.js';
import { simToCsv, SIM_CSV_COLUMNS } from '../../src/report/sim-csv.js';
import { simToDoc, type SimDoc } from '../../src/report/sim-doc.js';
import { simToHtml } from '../../src/report/sim-html.js';
import { simText } from '../../src/report/sim-text.js';
import { bestLines, traceLine } from '../../src/report/sim-words.js';
import type { SimRow } from '../../src/report/sim-doc.js';

/** A small trace: a few objects requested in a loop, some large. */
function source(label = 'trace <1>.csv', withTime = false): TraceSource {
  return {
    label,
    format: 'csv',
    async read(onChunk) {
      const out = new ChunkBuilder(onChunk);
      let i = 0;
      for (let loop = 0; loop < 30; loop++) for (let id = 0; id < 12; id++) out.push(id, id % 4 === 0 ? 400 : 100, withTime ? i++ : NaN);
      out.flush();
      return { hasTime: withTime };
    },
  };
}

async function doc(strategies = POLICIES.map((p) => p.name), limits = true): Promise<SimDoc> {
  const capacities = [300, 600, 1200];
  const r = await replay(source(), { capacities, policies: strategies.map(getPolicy), policyOptions: { maxAgeSeconds: 86400 }, warmup: 0, limits, strict: false });
  return simToDoc(r, { capacities, strategies, warmup: 0, maxAgeSeconds: 86400, limits }, Date.parse('2025-01-02T03:04:05Z'));
}

describe('the simulate document', () => {
  test('a row per strategy and capacity, the optimum and the bound per capacity, the best per capacity', async () => {
    const d = await doc();
    expect(d.schema).toBe(1);
    expect(d.command).toBe('simulate');
    expect(d.generated).toBe('2025-01-02T03:04:05.000Z');
    expect(d.results).toHaveLength(POLICIES.length * 3);
    expect(d.optimum!.map((r) => r.capacity)).toEqual([300, 600, 1200]);
    expect(d.bound!.map((b) => b.capacity)).toEqual([300, 600, 1200]);
    for (const r of d.results) {
      expect(r.hitRatio + r.missRatio).toBeCloseTo(1, 12);
      expect(r.byteHitRatio + r.byteMissRatio).toBeCloseTo(1, 12);
      expect(r.hits + r.misses).toBe(r.requests);
      expect(r.missBytes).toBe(r.requestedBytes - r.hitBytes);
      expect(r.refetchBytes).toBeLessThanOrEqual(r.missBytes);
    }
    for (const b of d.best) {
      const rows = d.results.filter((r) => r.capacity === b.capacity);
      expect(rows.find((r) => r.strategy === b.missRatio)!.missRatio).toBe(Math.min(...rows.map((r) => r.missRatio)));
      expect(rows.find((r) => r.strategy === b.byteMissRatio)!.byteMissRatio).toBe(Math.min(...rows.map((r) => r.byteMissRatio)));
    }
    expect(d.trace).toMatchObject({ requests: 360, objects: 12, hasTime: false, firstRequestMissRatio: 12 / 360 });
    expect(d.notes.join('\n')).toMatch(/age: the trace has no times/);
  });

  test('--no-limits: no optimum, no bound, no notes about them', async () => {
    const d = await doc(['lru'], false);
    expect([d.optimum, d.bound]).toEqual([null, null]);
    expect(d.notes).toEqual([]);
  });
});

describe('simulate text', () => {
  test('a table grouped by capacity with the optimum and the bound, then the best per capacity', async () => {
    const d = await doc(['lru', 'gdsf']);
    const text = simText(d, 'plain', new Chalk({ level: 0 }));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^trace trace <1>\.csv \(csv\): 360 requests, 12 objects, 61\.5 KiB requested; first requests alone miss 0\.0333 \(bytes 0\.0333\)$/);
    expect(lines[1]).toMatch(/^CAPACITY\s+STRATEGY\s+HIT RATIO\s+BYTE HIT RATIO\s+MISS RATIO\s+BYTE MISS RATIO\s+FETCHED AGAIN$/);
    const rows = lines.slice(2, 2 + 12).map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((r) => r[1])).toEqual(['lru', 'gdsf', 'belady (optimum)', 'pfoo-l (bound)', 'lru', 'gdsf', 'belady (optimum)', 'pfoo-l (bound)', 'lru', 'gdsf', 'belady (optimum)', 'pfoo-l (bound)']);
    expect(rows[0]![0]).toBe('300 B');
    const lru = d.results[0]!;
    expect(rows[0]!.slice(2, 6)).toEqual([lru.hitRatio, lru.byteHitRatio, lru.missRatio, lru.byteMissRatio].map((v) => v.toFixed(4)));
    expect(rows[3]![4]).toBe(`>=${d.bound![0]!.missRatio.toFixed(4)}`);
    expect(lines.filter((l) => /^\d.*: fewest misses /.test(l))).toHaveLength(3);
  });
});

/** A document of made-up results: strategy -> [miss ratio, byte miss ratio] at one capacity. */
function madeUp(ratios: Record<string, [number, number]>, trace: Partial<SimDoc['trace']> = {}): SimDoc {
  const row = (strategy: string, [m, b]: [number, number]): SimRow => ({
    strategy, capacity: 1024, requests: 100, hits: 100 - m * 100, misses: m * 100, hitRatio: 1 - m, byteHitRatio: 1 - b, missRatio: m, byteMissRatio: b,
    requestedBytes: 1000, hitBytes: 1000 - b * 1000, missBytes: b * 1000, refetches: 0, refetchBytes: 0,
  });
  const results = Object.entries(ratios).map(([k, v]) => row(k, v));
  const low = (key: 'missRatio' | 'byteMissRatio'): string[] => results.filter((r) => r[key] === Math.min(...results.map((x) => x[key]))).map((r) => r.strategy);
  return {
    schema: 1, command: 'simulate', generated: '2025-01-02T03:04:05.000Z',
    trace: { source: 't.csv', format: 'csv', requests: 100, warmup: 0, countedRequests: 100, countedBytes: 1000, objects: 10, hasTime: false, firstRequestMissRatio: 0.1, firstRequestByteMissRatio: 0.1, malformed: { count: 0, first: [] }, ...trace },
    options: { capacities: [1024], strategies: Object.keys(ratios), warmup: 0, maxAgeSeconds: 86400, limits: false },
    results, optimum: null, bound: null,
    best: [{ capacity: 1024, missRatio: low('missRatio')[0]!, byteMissRatio: low('byteMissRatio')[0]!, missRatioTied: low('missRatio'), byteMissRatioTied: low('byteMissRatio') }],
    notes: [],
  };
}

describe('the best per capacity: a tie has no winner', () => {
  test('one strategy lowest: named', () => {
    expect(bestLines(madeUp({ lru: [0.5, 0.6], gdsf: [0.4, 0.7] }))).toEqual(['1.0 KiB: fewest misses gdsf (0.4000), fewest bytes missed lru (0.6000)']);
  });

  test('some tie: all of them named as a tie', () => {
    expect(bestLines(madeUp({ lru: [0.5, 0.6], age: [0.5, 0.6], fifo: [0.7, 0.6], size: [0.9, 0.9] }))).toEqual([
      '1.0 KiB: fewest misses tied between lru and age (0.5000), fewest bytes missed tied between lru, age and fifo (0.6000)',
    ]);
  });

  test('every strategy ties: said so', () => {
    expect(bestLines(madeUp({ lru: [0.5, 0.5], age: [0.5, 0.5], fifo: [0.5, 0.5] }))).toEqual([
      '1.0 KiB: fewest misses tied between all 3 strategies (0.5000), fewest bytes missed tied between all 3 strategies (0.5000)',
    ]);
  });

  test('in the document: every strategy at the lowest ratio (lru and age, with no times to expire by)', async () => {
    const d = await doc(['lru', 'age', 'gdsf']);
    for (const b of d.best) {
      const rows = d.results.filter((r) => r.capacity === b.capacity);
      const low = Math.min(...rows.map((r) => r.missRatio));
      expect(b.missRatioTied).toEqual(rows.filter((r) => r.missRatio === low).map((r) => r.strategy));
      expect(b.missRatioTied[0]).toBe(b.missRatio);
    }
  });
});

describe('counts are singular for one', () => {
  test('1 request, 1 object', () => {
    expect(traceLine(madeUp({ lru: [1, 1] }, { requests: 1, objects: 1 }))).toMatch(/^trace t\.csv \(csv\): 1 request, 1 object, /);
    expect(traceLine(madeUp({ lru: [1, 1] }, { requests: 66987, objects: 40240 }))).toMatch(/: 66,987 requests, 40,240 objects, /);
  });
});

describe('simulate charts: curves a person can tell apart', () => {
  test('identical curves are one line named together; every line has a dash pattern of its own and its name at its end', async () => {
    const d = await doc(['lru', 'age', 'gdsf']);
    const html = simToHtml(d);
    const chart = html.slice(html.indexOf('<svg id="chart-miss-ratio"'), html.indexOf('</svg>', html.indexOf('<svg id="chart-miss-ratio"')));
    const curves = [...chart.matchAll(/<polyline [^>]*?(?:stroke-dasharray="([^"]*)" )?class="curve" data-strategy="([^"]+)"/g)].map((m) => ({ dash: m[1] ?? '', name: m[2]! }));
    expect(curves.map((c) => c.name)).toContain('lru = age');
    expect(curves.map((c) => c.name).filter((n) => /\b(lru|age)\b/.test(n))).toEqual(['lru = age']);
    expect(new Set(curves.map((c) => c.dash)).size).toBe(curves.length);
    const labels = [...chart.matchAll(/class="leg end-label"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual([...curves.map((c) => c.name), 'first requests']);
  });
});

describe('simulate CSV', () => {
  test('a header, a row per strategy and capacity, then the optimum and the bound; CRLF', async () => {
    const d = await doc(['lru', 'fifo']);
    const csv = simToCsv(d);
    const lines = csv.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(SIM_CSV_COLUMNS.join(','));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
      [300, 600, 1200].flatMap((c) => [`${c},lru,strategy`, `${c},fifo,strategy`, `${c},belady,optimum`, `${c},pfoo-l,bound`]),
    );
  });
});

describe('simulate HTML', () => {
  test('self-contained: no script, nothing fetched; two charts with a curve per strategy, the optimum and the bound', async () => {
    const d = await doc(['lru', 'lfu', 's3fifo']);
    const html = simToHtml(d);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    const charts = html.match(/<svg id="chart-[a-z-]+"/g);
    expect(charts).toEqual(['<svg id="chart-miss-ratio"', '<svg id="chart-byte-miss-ratio"']);
    const curves = [...html.matchAll(/<polyline [^>]*data-strategy="([^"]+)"/g)].map((m) => m[1]);
    // lru and lfu miss the same requests on this loop: one line, named for both
    expect(curves).toEqual(['lru = lfu', 's3fifo', 'belady (optimum)', 'pfoo-l (bound)', 'lru = lfu', 's3fifo', 'belady (optimum)', 'pfoo-l (bound)']);
    // the file name is escaped, not markup
    expect(html).toContain('trace &lt;1&gt;.csv');
    expect(html).not.toContain('trace <1>.csv');
    expect((html.match(/<tr/g) ?? []).length).toBe(1 + 3 * 5);
  });

  test('one capacity: points, no lines', async () => {
    const r = await replay(source('t.csv'), { capacities: [600], policies: [getPolicy('lru')], policyOptions: { maxAgeSeconds: 1 }, warmup: 0, limits: true, strict: false });
    const html = simToHtml(simToDoc(r, { capacities: [600], strategies: ['lru'], warmup: 0, maxAgeSeconds: 1, limits: true }));
    expect(html).not.toContain('<polyline');
    // a point per curve and chart: lru, the optimum and the bound, those at the same ratio as one (named together)
    const labels = [...html.matchAll(/class="leg end-label"[^>]*>([^<]+)</g)].map((m) => m[1]!).filter((l) => l !== 'first requests');
    expect(labels.flatMap((l) => l.split(' = ')).sort()).toEqual(['belady (optimum)', 'belady (optimum)', 'lru', 'lru', 'pfoo-l (bound)', 'pfoo-l (bound)']);
    expect((html.match(/<circle [^>]*class="pt"/g) ?? []).length).toBe(labels.length);
  });
});
