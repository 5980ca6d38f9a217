import { UsageError } from '../../src/shared/errors.js';
import { replay, type ReplaySpec } from '../../src/sim/engine.js';
import { getPolicy, parsePolicies, POLICIES } from '../../src/sim/policies/registry.js';
import { csvTrace } from '../../src/sim/trace/csv.js';
import type { TraceProblem, TraceSource } from '../../src/sim/trace/types.js';
import { ChunkBuilder } from '../../src/sim/trace/types.js';
import type { Key } from '../../src/sim/types.js';
import { tracePath } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

/** A trace in memory; counts how many times it was read. */
function memory(reqs: readonly [Key, number, number?][], problems: TraceProblem[] = []): TraceSource & { reads: number } {
  const src = {
    label: 'mem',
    format: 'csv' as const,
    reads: 0,
    async read(onChunk: Parameters<TraceSource['read']>[0], onProblem: Parameters<TraceSource['read']>[1]) {
      src.reads++;
      const out = new ChunkBuilder(onChunk);
      for (const p of problems) onProblem(p);
      for (const [k, size, time] of reqs) out.push(k, size, time ?? NaN);
      out.flush();
      return { hasTime: reqs.some((r) => r[2] !== undefined) };
    },
  };
  return src;
}

const spec = (over: Partial<ReplaySpec> = {}): ReplaySpec => ({
  capacities: [100],
  policies: [getPolicy('lru')],
  policyOptions: { maxAgeSeconds: 86400 },
  warmup: 0,
  limits: true,
  strict: false,
  ...over,
});

describe('replay', () => {
  test('LRU on the AdaptSize trace at 2, 8 and 32 MiB: the standard simulator\'s miss ratios, to 4 decimals', async () => {
    const r = await replay(csvTrace(tracePath('adaptsize_request.csv'), { timeScale: 1 }), spec({ capacities: [2 * MiB, 8 * MiB, 32 * MiB], limits: false }));
    const got = r.runs.map((x) => [(1 - x.tally.hits / x.tally.requests).toFixed(4), (1 - x.tally.hitBytes / x.tally.bytes).toFixed(4)]);
    expect(got).toEqual([
      ['0.8037', '0.7648'],
      ['0.7543', '0.7282'],
      ['0.6980', '0.6889'],
    ]);
    expect([r.requests, r.objects]).toEqual([66_987, 40_240]);
    // the floors data/traces/README.md gives: first requests alone
    expect((r.counted.firstRequests / r.counted.requests).toFixed(4)).toBe('0.6007');
    expect((r.counted.firstBytes / r.counted.bytes).toFixed(4)).toBe('0.6267');
  });

  test('the generated block-I/O trace\'s first-request floors are the ones libCacheSim\'s traceConv counts (data/traces/README.md)', async () => {
    const r = await replay(csvTrace(tracePath('blockio.csv'), { timeScale: 1 }), spec({ capacities: [1 * MiB], limits: false }));
    expect([r.requests, r.objects]).toEqual([100_000, 43_856]);
    expect(r.counted.firstBytes).toBe(1_481_245_184);
    expect((r.counted.firstRequests / r.counted.requests).toFixed(4)).toBe('0.4386');
    expect((r.counted.firstBytes / r.counted.bytes).toFixed(4)).toBe('0.5280');
  });

  test('hits, bytes and what is fetched again; an object larger than the cache always misses', async () => {
    // cache of 100 bytes: a(60) b(60) a(60) big(150) big(150) b(60)
    const r = await replay(memory([['a', 60], ['b', 60], ['a', 60], ['big', 150], ['big', 150], ['b', 60]]), spec());
    const t = r.runs[0]!.tally;
    expect(t).toEqual({ requests: 6, bytes: 540, hits: 0, hitBytes: 0, refetches: 3, refetchBytes: 270 });
    expect(r.counted).toEqual({ requests: 6, bytes: 540, firstRequests: 3, firstBytes: 270 });
    const r2 = await replay(memory([['a', 40], ['b', 40], ['a', 40], ['big', 150], ['a', 40]]), spec());
    expect(r2.runs[0]!.tally).toMatchObject({ hits: 2, hitBytes: 80, refetches: 0 });
  });

  test('--warmup: the first N requests fill the caches but are not counted', async () => {
    const reqs: [Key, number][] = [['a', 10], ['b', 10], ['a', 10], ['c', 10], ['a', 10]];
    const r = await replay(memory(reqs), spec({ warmup: 2 }));
    expect(r.counted).toEqual({ requests: 3, bytes: 30, firstRequests: 1, firstBytes: 10 });
    expect(r.runs[0]!.tally).toMatchObject({ requests: 3, hits: 2 });
    expect(r.belady![0]!.tally).toMatchObject({ requests: 3, hits: 2 });
    expect(r.pfoo![0]!.maxHits).toBe(2);
    await expect(replay(memory(reqs), spec({ warmup: 5 }))).rejects.toThrow(new UsageError('--warmup: 5 requests, but the trace has only 5: nothing would be counted'));
  });

  test('text ids and numeric ids are different objects, each its own', async () => {
    const r = await replay(memory([[1, 10], ['1', 10], [1, 10], ['x', 10], ['x', 10]]), spec());
    expect(r.objects).toBe(3);
    expect(r.runs[0]!.tally.hits).toBe(2);
  });

  test('every strategy and capacity in one pass, plus Belady in it; the limits cost one more read', async () => {
    const src = memory([['a', 10], ['b', 10], ['c', 10], ['a', 10]]);
    const r = await replay(src, spec({ capacities: [20, 30], policies: POLICIES }));
    expect(src.reads).toBe(2);
    expect(r.runs.map((x) => `${x.strategy}@${x.capacity}`)).toEqual(POLICIES.flatMap((p) => [`${p.name}@20`, `${p.name}@30`]));
    expect(r.belady!.map((x) => x.tally.hits)).toEqual([1, 1]);
    const src2 = memory([['a', 10]]);
    const r2 = await replay(src2, spec({ limits: false }));
    expect([src2.reads, r2.belady, r2.pfoo]).toEqual([1, null, null]);
  });

  test('problems are counted once (from the first pass), and --strict makes the first one fatal', async () => {
    const problems = [{ where: 'line 3', why: 'bad' }];
    const r = await replay(memory([['a', 1]], problems), spec());
    expect(r.problems).toEqual({ count: 1, first: problems });
    await expect(replay(memory([['a', 1]], problems), spec({ strict: true }))).rejects.toThrow("trace mem: line 3: bad (--strict: malformed records are fatal)");
  });

  test('a trace with no requests is a usage error', async () => {
    await expect(replay(memory([], [{ where: 'line 1', why: 'bad' }]), spec())).rejects.toThrow('trace mem: no requests (1 malformed records skipped)');
  });

  test('the age strategy reports what it expired', async () => {
    const r = await replay(memory([['a', 1, 0], ['b', 1, 10], ['c', 1, 100], ['a', 1, 101]]), spec({ policies: [getPolicy('age')], policyOptions: { maxAgeSeconds: 50 } }));
    expect(r.runs[0]!.expired).toBe(2);
    expect(r.runs[0]!.tally.hits).toBe(0);
  });
});

describe('--strategy', () => {
  test('names and aliases, comma-separated or repeated, each once, in the order given', () => {
    expect(parsePolicies(['lru,popularity', 'S3-FIFO', 'lru']).map((p) => p.name)).toEqual(['lru', 'lfu', 's3fifo']);
  });
  test.each([[['lru,belady']], [['']]])('%j is refused', (v) => {
    expect(() => parsePolicies(v)).toThrow(UsageError);
  });
});
