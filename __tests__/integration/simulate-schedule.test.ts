import fs from 'node:fs';
import path from 'node:path';
import type { ScheduleDoc } from '../../src/report/schedule-doc.js';
import { tempDir } from '../helpers/cache.js';
import { assertBuilt, runCliSync } from '../helpers/run.js';

const runBin = (args: string[]) => runCliSync(args, { stateDir: false });
import { tracePath } from '../helpers/traces.js';

const out = tempDir('cachesweep-sched-');
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
beforeAll(() => assertBuilt());

const ADAPT = tracePath('adaptsize_request.csv');
const NOW = ['--now', '2025-06-01T12:00:00Z'];

function json(args: string[]): ScheduleDoc {
  const r = runBin(['simulate', '--trace', ADAPT, ...args, '--json', ...NOW]);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ScheduleDoc;
}

describe('simulate --every: the schedule operators run', () => {
  test('a row per strategy, interval, threshold and target; longer intervals let the cache grow higher and fail more downloads', () => {
    const d = json(['--every', '20m,2h', '--disk', '40M', '--threshold', '85%', '--target', '75%', '--strategy', 'lru,lfu']);
    expect(d.mode).toBe('schedule');
    expect(d.options).toMatchObject({ diskBytes: 40 * 2 ** 20, everySeconds: [1200, 7200], minAgeSeconds: 600, strategies: ['lru', 'lfu'] });
    expect(d.results.map((r) => [r.strategy, r.everySeconds, r.threshold, r.target])).toEqual([
      ['lru', 1200, '85%', '75%'],
      ['lru', 7200, '85%', '75%'],
      ['lfu', 1200, '85%', '75%'],
      ['lfu', 7200, '85%', '75%'],
    ]);
    for (const r of d.results) {
      expect(r.requests).toBe(66_987);
      expect(r.peakBytes).toBeLessThanOrEqual(40 * 2 ** 20);
      expect(r.runs).toBe(Math.floor((d.trace.seconds * 1000) / (r.everySeconds * 1000)));
    }
    const [lru20, lru2h] = d.results;
    expect(lru2h!.failedDownloads).toBeGreaterThan(lru20!.failedDownloads);
    expect(lru2h!.secondsAboveThreshold).toBeGreaterThan(lru20!.secondsAboveThreshold);
    expect(d.recommendation).toBeNull();
  });

  test('--recommend: the fewest bytes fetched again among the schedules that kept the disk at or below --max-peak', () => {
    const d = json(['--recommend', '--disk', '40M', '--every', '10m,20m,1h', '--threshold', '80%,90%', '--strategy', 'lru,lfu', '--max-peak', '99%']);
    expect(d.results).toHaveLength(12);
    const ok = d.results.filter((r) => r.failedDownloads === 0 && r.peakBytes <= Math.floor(0.99 * d.options.diskBytes));
    expect(d.recommendation!.feasible).toBe(ok.length);
    expect(ok.length).toBeGreaterThan(0);
    expect(d.recommendation!.best!.refetchBytes).toBe(Math.min(...ok.map((r) => r.refetchBytes)));
    const text = runBin(['simulate', '--trace', ADAPT, '--recommend', '--disk', '40M', '--every', '10m,20m,1h', '--threshold', '80%,90%', '--strategy', 'lru,lfu', '--max-peak', '99%', ...NOW]);
    expect(text.stdout.trim().split('\n').at(-1)).toMatch(/^recommended: (lru|lfu) every \w+, threshold \d+%, target \d+%: fetches .* again, peak .*, at or below 39\.6 MiB \(99\.0% of the disk\); \d+ of 12 schedules kept to it$/);
  });

  test('reports: an HTML page with the two charts and the table, CSV, JSON', () => {
    const [html, csv, js] = ['s.html', 's.csv', 's.json'].map((f) => path.join(out, f)) as [string, string, string];
    const r = runBin(['simulate', '--trace', ADAPT, '--every', '20m,1h', '--disk', '40M', '--threshold', '85%', '--strategy', 'lru,gdsf', '--recommend', '--report', html, '--report', csv, '--report', js, ...NOW]);
    expect(r.code).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<svg id="chart-refetched"');
    expect(page).toContain('<svg id="chart-peak"');
    expect(page.match(/<tr( class="best")?><td>/g)).toHaveLength(4);
    expect(page).not.toMatch(/<script/i);
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows[0]).toMatch(/^strategy,every_seconds,threshold,target,/);
    expect(rows).toHaveLength(5);
    expect((JSON.parse(fs.readFileSync(js, 'utf8')) as ScheduleDoc).results).toHaveLength(4);
  });
});

describe('simulate --every: usage errors, one line and exit 2', () => {
  test.each([
    [['--every', '40m', '--threshold', '85%'], /^cachesweep: --disk: a schedule needs the size of the disk/],
    [['--every', '40m', '--disk', '1G'], /^cachesweep: --threshold: a schedule runs clean when the disk reaches it/],
    [['--every', '40m', '--disk', '1G', '--threshold', '85%', '--strategy', 'arc'], /^cachesweep: --strategy: 'arc' is not a strategy clean runs/],
    [['--every', '40m', '--disk', '1G', '--threshold', '85%', '--capacity', '1M'], /^cachesweep: --capacity: a schedule \(--every, --recommend\) fills a disk/],
    [['--capacity', '1M', '--threshold', '85%'], /^cachesweep: --threshold: goes with a schedule/],
    [['--every', '0s', '--disk', '1G', '--threshold', '85%'], /^cachesweep: --every: the interval between runs must be longer than 0/],
    [['--every', '1h', '--disk', '1G', '--threshold', '85%', '--target', '90%'], /^cachesweep: --target 90% is above --threshold 85%/],
    [['--every', '1h', '--disk', '1G', '--threshold', '85%', '--max-peak', '90%'], /^cachesweep: --max-peak: goes with --recommend/],
  ])('%j', (args, message) => {
    const r = runBin(['simulate', '--trace', ADAPT, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
  });

  test('a trace without times cannot be replayed on its clock', () => {
    const f = path.join(out, 'notime.txt');
    fs.writeFileSync(f, '1 100\n2 100\n1 100\n');
    const r = runBin(['simulate', '--trace', f, '--columns', 'id,size', '--every', '1h', '--disk', '1K', '--threshold', '85%']);
    expect(r.stderr).toMatch(/^cachesweep: trace .*notime\.txt: a schedule \(--every\) replays on the trace's clock, and this trace has no time column/);
    expect(r.code).toBe(2);
  });
});
