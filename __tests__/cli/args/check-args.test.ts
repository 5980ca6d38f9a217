/** checkArgs and checkSimulateArgs: pure, so driven here with argument objects, without a process or a parser. */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LOCK_STALE_MS } from '../../../src/apply/lock-timing.js';
import { checkArgs } from '../../../src/cli/args/check-args.js';
import { checkSimulateArgs } from '../../../src/cli/args/check-simulate-args.js';
import { cleanFlags, configFlags, planFlags, runFlags, scanFlags, type CleanArgs } from '../../../src/cli/args/flags.js';
import { inUseFlags } from '../../../src/cli/args/flags-in-use.js';
import { simulateFlags, type SimulateArgs } from '../../../src/cli/args/flags-simulate.js';
import { camelCase, type FlagSpecs } from '../../../src/config/flag-spec.js';
import { planOptionsFrom } from '../../../src/config/options.js';
import { UsageError } from '../../../src/shared/errors.js';
import { DAY, GiB, MINUTE } from '../../helpers/units.js';

/** What yargs hands a command when no flag is given: every flag with a default, at its default from the table. */
function defaultsOf(...groups: FlagSpecs[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const g of groups) for (const [k, spec] of Object.entries(g)) if (spec.default !== undefined) out[camelCase(k)] = spec.default;
  return out;
}
const cleanArgs = (extra: Partial<CleanArgs> = {}): CleanArgs =>
  ({ ...defaultsOf(configFlags, scanFlags, planFlags, inUseFlags, runFlags, cleanFlags), ...extra }) as CleanArgs;
const simulateArgs = (extra: Partial<SimulateArgs> = {}): SimulateArgs => ({ ...defaultsOf(simulateFlags), ...extra }) as SimulateArgs;

/** The UsageError a check throws (fails the test when it throws none, or something else). */
function errorOf(check: () => unknown): string {
  try {
    check();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('the arguments were accepted');
}

describe('checkArgs (plan, clean, config)', () => {
  test("the table's defaults are the planner's defaults: no flag given plans as planOptionsFrom with nothing", () => {
    const c = checkArgs(cleanArgs());
    const { isProtected: _a, ...plan } = c.plan;
    const { isProtected: _b, ...bare } = planOptionsFrom({});
    expect(plan).toEqual(bare);
    expect(plan).toMatchObject({ strategy: 'age', trigger: { kind: 'none' }, minAgeMs: 10 * MINUTE, stalePartialAgeMs: DAY, defaultMaxAgeMs: DAY });
    expect(c.plan.isProtected('anything')).toBe(false);
    expect(c.run).toEqual({ reports: [] });
    expect(c.lockStaleMs).toBe(DEFAULT_LOCK_STALE_MS);
  });

  test('--max-delete is parsed once, into the plan options', () => {
    expect(checkArgs(cleanArgs({ maxDelete: '100' })).plan.maxDelete).toEqual({ entries: 100 });
    expect(checkArgs(cleanArgs({ maxDelete: '50G' })).plan.maxDelete).toEqual({ bytes: 50 * GiB });
    // (was asserted of RunOutputs, which parsed it a second time)
    expect(errorOf(() => checkArgs(cleanArgs({ maxDelete: 'lots' })))).toMatch(/--max-delete: /);
  });

  test.each<[string, Partial<CleanArgs>, string | RegExp]>([
    ['a pressure strategy needs a trigger', { strategy: 'lru' }, '--strategy lru evicts under pressure: add --threshold (e.g. 85% or 500G) or --min-free (e.g. 20G), or --max-age (e.g. 7d)'],
    ['one trigger, not two', { strategy: 'lru', threshold: '85%', minFree: '20G' }, '--threshold and --min-free: give one trigger, not both'],
    ['--target needs --threshold', { strategy: 'lru', maxAge: '7d', target: '80%' }, /^--target needs --threshold/],
    ['--target does not go with --min-free', { strategy: 'lru', minFree: '20G', target: '30G' }, /^--target goes with --threshold/],
    ['--target does not go with age', { threshold: '85%', target: '80%' }, /^--target: the age strategy evicts every expired entry/],
    ['--target in the unit of --threshold', { strategy: 'lru', threshold: '80%', target: '1G' }, "--target: '1G' must be a percentage like --threshold 80%"],
    ['--target below --threshold', { strategy: 'lru', threshold: '1T', target: '2T' }, '--target 2T is above --threshold 1T'],
    ['--half-life longer than 0', { strategy: 'lfu', threshold: '85%', halfLife: '0s' }, "--half-life: '0s' must be longer than 0"],
    ['a known strategy', { strategy: 'fifo' }, /^--strategy: /],
    ['a report format known by its extension', { report: ['out.txt'] }, /^--report: out\.txt: unknown report format '\.txt' \(choose \.json, \.md, \.markdown, \.csv, \.html, \.htm\)$/],
    ['--lock-stale from 5s', { lockStale: '1s' }, "--lock-stale: '1s' is too short (at least 5s)"],
    ['--wait a duration', { wait: 'soon' }, /^--wait: 'soon' is not a duration/],
    ['--lock-stale up to 1d', { lockStale: '2d' }, "--lock-stale: '2d' is too long (at most 1d)"],
  ])('%s', (_what, extra, message) => {
    expect(errorOf(() => checkArgs(cleanArgs(extra)))).toMatch(message);
  });

  test('the checked options of a run with flags', () => {
    const c = checkArgs(cleanArgs({ strategy: 'lru', threshold: '90%', protect: ['golden-*'], logFormat: 'json', lockStale: '10m' }));
    expect(c.plan).toMatchObject({ strategy: 'lru', trigger: { kind: 'percent', threshold: 90, target: 85 } });
    expect(c.plan.isProtected('golden-1')).toBe(true);
    expect(c.run.logFormat).toBe('json');
    expect(c.lockStaleMs).toBe(10 * MINUTE);
    expect(c.waitMs).toBe(0);
    expect(checkArgs(cleanArgs({ wait: '30m' })).waitMs).toBe(30 * MINUTE);
  });

  test('no file is looked at: output paths are resolved, their directories checked later', () => {
    const gone = path.join(os.tmpdir(), 'cachesweep-no-such-dir', 'deeper');
    const c = checkArgs(cleanArgs({ report: [path.join(gone, 'r.json'), 'plan.md'], metricsFile: path.join(gone, 'm.prom') }));
    expect(c.run.reports.map((r) => ({ file: r.file, format: r.format.name }))).toEqual([
      { file: path.join(gone, 'r.json'), format: 'json' },
      { file: path.resolve('plan.md'), format: 'md' },
    ]);
    expect(c.run.metricsFile).toBe(path.join(gone, 'm.prom'));
  });
});

describe('checkSimulateArgs', () => {
  test('defaults: every strategy, the age max-age of the planner, the trace format and unit found as the reader would', () => {
    const c = checkSimulateArgs(simulateArgs({ trace: 't.csv', capacity: ['10G,1G', '10G'] }));
    expect(c.capacities).toEqual([GiB, 10 * GiB]);
    expect(c.policies.length).toBeGreaterThan(5);
    expect(c).toMatchObject({ warmup: 0, maxAgeSeconds: DAY / 1000, limits: true, reports: [] });
    expect(c.trace).toEqual({ kind: 'file', file: 't.csv', open: { format: 'auto', timeUnit: 's' } });
  });

  test('the usage store as the trace', () => {
    expect(checkSimulateArgs(simulateArgs({ fromStore: '/srv/cache', stateDir: '/var/lib/x', capacity: ['1G'] })).trace).toEqual({
      kind: 'store',
      cacheDir: '/srv/cache',
      stateDir: '/var/lib/x',
    });
  });

  test.each<[string, Partial<SimulateArgs>, string | RegExp]>([
    ['a trace', { capacity: ['1G'] }, /^give a trace: --trace FILE, or --from-store CACHE-DIR/],
    ['one trace', { capacity: ['1G'], trace: 't.csv', fromStore: '/srv/cache' }, 'give either --trace or --from-store, not both'],
    ['--columns only for a trace file', { capacity: ['1G'], fromStore: '/srv/cache', columns: 'time,id,size' }, /^--columns: only for --trace files/],
    ['capacities', { trace: 't.csv' }, /^--capacity: give the cache sizes/],
    ['capacities above 0', { trace: 't.csv', capacity: ['0G'] }, "--capacity: '0G' must be more than 0 bytes"],
    ['a whole warmup', { trace: 't.csv', capacity: ['1G'], warmup: '1.5' }, /^--warmup: '1\.5' is not a number of requests/],
    ['known strategies', { trace: 't.csv', capacity: ['1G'], strategy: ['lru,nope'] }, /^--strategy: /],
    ['no Markdown report', { trace: 't.csv', capacity: ['1G'], report: ['sim.md'] }, /^--report: sim\.md: unknown simulate report format '\.md' \(choose \.json, \.csv, \.html, \.htm\)$/],
  ])('%s', (_what, extra, message) => {
    expect(errorOf(() => checkSimulateArgs(simulateArgs(extra)))).toMatch(message);
  });
});
