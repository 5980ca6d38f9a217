import fs from 'node:fs';
import path from 'node:path';
import type { SimDoc } from '../../src/report/sim-doc.js';
import { POLICIES } from '../../src/sim/policies/registry.js';
import { idleFiles, makeTree, tempDir } from '../helpers/cache.js';
import type { ScheduleDoc } from '../../src/report/schedule-doc.js';
import { assertBuilt, runCliSync } from '../helpers/run.js';
import { loadTrace, tracePath } from '../helpers/traces.js';

const out = tempDir('cachesweep-sim-');
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
beforeAll(() => assertBuilt());

const ADAPT = tracePath('adaptsize_request.csv');
const NOW = '2025-06-01T12:00:00Z';

function json(args: string[], env: Record<string, string> = {}): SimDoc {
  const r = runCliSync(['simulate', ...args, '--json', '--now', NOW], { stateVia: 'env', env });
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as SimDoc;
}

const ratios = (d: SimDoc): string[][] => d.results.map((r) => [r.strategy, r.missRatio.toFixed(4), r.byteMissRatio.toFixed(4)]);

describe('cachesweep simulate (the built CLI)', () => {
  test('LRU on the AdaptSize trace at 2, 8, 32 MiB gives the standard simulator\'s figures', () => {
    const d = json(['--trace', ADAPT, '--capacity', '2M,8M', '--capacity', '32MiB', '--strategy', 'lru', '--no-limits']);
    expect(ratios(d)).toEqual([
      ['lru', '0.8037', '0.7648'],
      ['lru', '0.7543', '0.7282'],
      ['lru', '0.6980', '0.6889'],
    ]);
    expect(d.options.capacities).toEqual([2, 8, 32].map((m) => m * 2 ** 20));
    expect([d.optimum, d.bound]).toEqual([null, null]);
  });

  test('the same trace as whitespace text and as oracleGeneral gives the same figures, limits included', () => {
    const reqs = loadTrace('adaptsize_request.csv');
    const txt = path.join(out, 'adapt.txt');
    fs.writeFileSync(txt, reqs.map((r) => `${r.time} ${r.id} ${r.size}`).join('\n'));
    const bin = path.join(out, 'adapt.oracleGeneral');
    const b = Buffer.alloc(reqs.length * 24);
    reqs.forEach((r, i) => {
      b.writeUInt32LE(r.time, i * 24);
      b.writeBigUInt64LE(BigInt(r.id), i * 24 + 4);
      b.writeUInt32LE(r.size, i * 24 + 12);
      b.writeBigInt64LE(-1n, i * 24 + 16);
    });
    fs.writeFileSync(bin, b);
    const args = ['--capacity', '1M,16M', '--strategy', 'lru,gdsf,s3fifo'];
    const [a, t, o] = [ADAPT, txt, bin].map((f) => json(['--trace', f, ...args]));
    expect([a!.trace.format, t!.trace.format, o!.trace.format]).toEqual(['csv', 'text', 'oracle-general']);
    for (const d of [t!, o!]) {
      expect(d.results).toEqual(a!.results);
      expect(d.optimum).toEqual(a!.optimum);
      expect(d.bound).toEqual(a!.bound);
    }
  });

  test('every strategy by default; the table, the optimum and the bound per capacity; reports written', () => {
    const html = path.join(out, 'sim.html');
    const csv = path.join(out, 'sim.csv');
    const js = path.join(out, 'sim.json');
    const r = runCliSync(['simulate', '--trace', tracePath('blockio.csv'), '--capacity', '4M,32M', '--report', html, '--report', csv, '--report', js, '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^trace .*blockio\.csv \(csv\): 100,000 requests, 43,856 objects, .* first requests alone miss 0\.4386 \(bytes 0\.5280\)$/);
    for (const p of POLICIES) expect(lines.filter((l) => new RegExp(`^\\s*\\S+ MiB  ${p.name}\\s`).test(l))).toHaveLength(2);
    expect(lines.filter((l) => /belady \(optimum\)/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /pfoo-l \(bound\)\s+<=0\.\d{4}/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^\d+\.\d MiB: fewest misses (\w+|tied between [\w, ]+) \(0\.\d{4}\), fewest bytes missed (\w+|tied between [\w, ]+) \(0\.\d{4}\); optimum 0\.\d{4}, bound/.test(l))).toHaveLength(2);
    const doc = JSON.parse(fs.readFileSync(js, 'utf8')) as SimDoc;
    expect(doc.results).toHaveLength(POLICIES.length * 2);
    expect(doc.generated).toBe('2025-06-01T12:00:00.000Z');
    expect(fs.readFileSync(csv, 'utf8').split('\r\n')).toHaveLength(1 + 2 * (POLICIES.length + 2) + 1);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<svg id="chart-miss-ratio"');
    expect(page).not.toMatch(/<script/i);
  });

  test('malformed lines: a warning each with its line number, skipped, exit 0; --strict: one error line, exit 2', () => {
    const f = path.join(out, 'bad.csv');
    fs.writeFileSync(f, ['time,id,size', '1,1,100', '2,2', '3,3,lots', '4,1,100'].join('\n'));
    const r = runCliSync(['simulate', '--trace', f, '--capacity', '1K', '--strategy', 'lru', '--no-limits']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `cachesweep: warning: trace ${f}: line 3: 2 fields, expected at least 3 ('2,2'): skipped`,
      `cachesweep: warning: trace ${f}: line 4: size 'lots' is not a whole number of bytes ('3,3,lots'): skipped`,
    ]);
    expect(r.stdout).toMatch(/1\.0 KiB  lru\s+0\.5000/);
    const strict = runCliSync(['simulate', '--trace', f, '--capacity', '1K', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toBe(`cachesweep: trace ${f}: line 3: 2 fields, expected at least 3 ('2,2') (--strict: malformed records are fatal)\n`);
  });

  test.each([
    [['--trace', ADAPT], /^cachesweep: --capacity: give the cache sizes to simulate/],
    [['--trace', ADAPT, '--capacity', '0'], /^cachesweep: --capacity: '0' must be more than 0 bytes/],
    [['--trace', ADAPT, '--capacity', '10Q'], /^cachesweep: --capacity: '10Q' is not a size/],
    [['--trace', ADAPT, '--capacity', '1M', '--strategy', 'lru,opt'], /^cachesweep: --strategy: unknown strategy 'opt' \(choose from lru, lfu, gdsf, size, age, ghost, fifo, arc, sieve, s3fifo/],
    [['--capacity', '1M'], /^cachesweep: give a trace: --trace FILE, or --from-store CACHE-DIR/],
    [['--trace', ADAPT, '--from-store', '/srv', '--capacity', '1M'], /^cachesweep: give either --trace or --from-store, not both/],
    [['--trace', ADAPT, '--capacity', '1M', '--warmup', '-5'], /^cachesweep: --warmup: '-5' is not a number of requests/],
    [['--trace', ADAPT, '--capacity', '1M', '--report', '/tmp/x.md'], /^cachesweep: --report: \/tmp\/x\.md: unknown simulate report format '\.md' \(choose \.json, \.csv, \.html, \.htm\)\n$/],
    [['--trace', '/nonexistent/t.csv', '--capacity', '1M'], /^cachesweep: --trace: \/nonexistent\/t\.csv does not exist/],
    [['--trace', ADAPT, '--capacity', '1M', '--columns', 'when,id,size'], /^cachesweep: --columns: 'when,id,size': unknown column 'when'/],
    [['--trace', ADAPT, '--capacity', '1M', '--max-age', 'soon'], /^cachesweep: --max-age: 'soon' is not a duration/],
    [['--trace', ADAPT, '--capacity', '1M', '--warmup', '70000'], /^cachesweep: --warmup: 70000 requests, but the trace has only 66987/],
    [['--trace', ADAPT, '--capacity', '1M', '--threshold', '85%'], /^cachesweep: --threshold: goes with a schedule: add --every \(e\.g\. --every 40m\) or --recommend\n$/],
    [['--trace', ADAPT, '--capacity'], /^cachesweep: --capacity: missing its value \(see --help\)\n$/],
    [['--trace', ADAPT, '--capacity', '-1G'], /^cachesweep: --capacity: '-1G' is not a size/],
  ])('usage error %j: one line, exit 2', (args, re) => {
    const r = runCliSync(['simulate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('--help lists the flags', () => {
    const r = runCliSync(['simulate', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--trace', '--from-store', '--capacity', '--strategy', '--columns', '--trace-format', '--strict', '--warmup', '--max-age', '--limits', '--report']) expect(r.stdout).toContain(f);
  });

  test('a config file and CACHESWEEP_* variables do not narrow a simulation (its flags are not configuration keys)', () => {
    const cfg = path.join(out, 'config.yaml');
    fs.writeFileSync(cfg, 'strategy: size\nmax-age: 1s\n');
    const d = json(['--trace', ADAPT, '--capacity', '1M', '--no-limits'], { CACHESWEEP_CONFIG: cfg, CACHESWEEP_STRATEGY: 'fifo' });
    expect(d.options.strategies).toEqual(POLICIES.map((p) => p.name));
    expect(d.options.maxAgeSeconds).toBe(86400);
  });

  test('--from-store replays the uses the store recorded for the cache, reading it without changing it', () => {
    const root = path.join(out, 'cache');
    const state = path.join(out, 'state');
    makeTree(root, idleFiles({ 'a.img': [8192, 1], 'b.img': [16384, 1], 'c.img': [4096, 1] }));
    const env = { CACHESWEEP_STATE_DIR: state };
    // a clean run that evicts nothing measures the entries; then uses are recorded at known times
    expect(runCliSync(['clean', root, '--strategy', 'lru', '--threshold', '10G', '--now', '2025-06-01T00:00:00Z'], { stateVia: 'env', env, stateDir: state }).code).toBe(0);
    const touches = ['a.img', 'b.img', 'a.img', 'c.img', 'a.img', 'b.img'];
    touches.forEach((e, i) => {
      const t = new Date(Date.parse('2025-06-01T01:00:00Z') + i * 60_000).toISOString();
      expect(runCliSync(['touch', root, e, '--now', t], { stateVia: 'env', env, stateDir: state }).code).toBe(0);
    });
    const db = path.join(state, 'usage.db');
    const before = fs.statSync(db);
    const d = json(['--from-store', root, '--capacity', '20K', '--strategy', 'lru,lfu'], env);
    expect(d.trace.format).toBe('store');
    expect(d.trace.requests).toBe(touches.length);
    expect(d.trace.objects).toBe(3);
    expect(d.trace.source).toContain(db);
    // LRU at 20 KiB, by hand: a (8K) miss; b (16K) miss, evicts a; a miss, evicts b; c (4K) miss; a hit; b miss: one hit
    expect(d.results.find((r) => r.strategy === 'lru')!.hits).toBe(1);
    // the schedule's what-if from the same history: 28 KiB on a 32 KiB disk; runs at 80% or 85% evict b.img and it comes back, at 90% none evict
    const sched = runCliSync(['simulate', '--from-store', root, '--recommend', '--disk', '32K', '--every', '1m,2m', '--min-age', '0', '--strategy', 'lru,lfu', '--json'], { stateVia: 'env', env });
    expect(sched.stderr).toBe('');
    const rec = JSON.parse(sched.stdout) as ScheduleDoc;
    expect([rec.mode, rec.trace.format, rec.trace.requests]).toEqual(['schedule', 'store', touches.length]);
    expect(rec.results).toHaveLength(2 * 2 * 3);
    // b.img (16 KiB) is evicted at 80% and 85% and requested again; at 90% nothing is evicted
    expect(new Set(rec.results.map((r) => r.threshold))).toEqual(new Set(['80%', '85%', '90%']));
    for (const r of rec.results) expect([r.threshold, r.refetchBytes]).toEqual([r.threshold, r.threshold === '90%' ? 0 : 16384]);
    expect(rec.recommendation?.best).toMatchObject({ threshold: '90%', refetchBytes: 0, failedDownloads: 0, runs: 2 });
    const after = fs.statSync(db);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const bad = runCliSync(['simulate', '--from-store', path.join(out, 'elsewhere'), '--capacity', '1M'], { stateVia: 'env', env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cachesweep: --from-store: the usage store in .* has nothing recorded for .*elsewhere \(it knows .*cache\)\n$/);
  });
});
