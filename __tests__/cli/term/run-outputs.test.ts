import fs from 'node:fs';
import path from 'node:path';
import type { CliArgs } from '../../../src/cli/args/flags.js';
import { RunOutputs } from '../../../src/cli/term/run-outputs.js';
import { tempDir } from '../../helpers/cache.js';
import { captureOutput, samplePlan } from '../../helpers/ops-fixtures.js';

function args(extra: Partial<CliArgs>): CliArgs {
  return { layout: 'auto', json: false, format: 'auto', quiet: false, ...extra } as CliArgs;
}

describe('RunOutputs', () => {
  test('flags are checked before anything runs', () => {
    const dir = tempDir();
    const o = captureOutput();
    expect(() => new RunOutputs(args({ report: [path.join(dir, 'r.txt')] }), o, { dryRun: true })).toThrow("--report: " + path.join(dir, 'r.txt') + ": unknown report format '.txt' (choose .json, .md, .markdown, .csv, .html, .htm)");
    expect(() => new RunOutputs(args({ report: [path.join(dir, 'nope', 'r.md')] }), o, { dryRun: true })).toThrow(/--report: .* the directory .*nope does not exist/);
    expect(() => new RunOutputs(args({ metricsFile: path.join(dir, 'nope', 'm.prom') }), o, { dryRun: true })).toThrow(/--metrics-file: /);
    expect(() => new RunOutputs(args({ metricsFile: dir }), o, { dryRun: true })).toThrow(/is a directory/);
  });

  test('reports and metrics never go inside the cache root', () => {
    const dir = tempDir();
    const r = new RunOutputs(args({ report: [path.join(dir, 'r.json')] }), captureOutput(), { dryRun: true });
    expect(() => r.checkRoot(dir)).toThrow(/--report: .* is inside the cache root/);
    const m = new RunOutputs(args({ metricsFile: path.join(dir, 'm.prom') }), captureOutput(), { dryRun: true });
    expect(() => m.checkRoot(dir)).toThrow(/--metrics-file: .* is inside the cache root/);
  });

  test('nothing is written before there is a plan', () => {
    const dir = tempDir();
    const r = new RunOutputs(args({ metricsFile: path.join(dir, 'm.prom'), report: [path.join(dir, 'r.md')] }), captureOutput(), { dryRun: true });
    expect(r.finish(2)).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a failure after planning still writes the reports and the metrics, with what was done so far', () => {
    const dir = tempDir();
    const o = captureOutput();
    let t = 1000;
    const r = new RunOutputs(
      args({ metricsFile: path.join(dir, 'm.prom'), report: [path.join(dir, 'r.json'), path.join(dir, 'r.csv')], logFormat: 'json' }),
      o,
      { dryRun: false, clock: () => (t += 500), host: 'h1' },
    );
    const plan = samplePlan();
    r.planned(plan, []);
    r.outcome(plan.entries[0]!, 'deleted');
    // ... and then the run crashes: main maps the error to exit 1
    expect(r.finish(1)).toBe(1);
    const prom = fs.readFileSync(path.join(dir, 'm.prom'), 'utf8');
    expect(prom).toContain('cachesweep_last_run_exit_code{root="/var/cache/demo"} 1');
    expect(prom).toContain(`cachesweep_freed_bytes{root="/var/cache/demo"} ${800 * 2 ** 20}`);
    expect(prom).toContain('cachesweep_evictions{root="/var/cache/demo",outcome="deleted"} 1');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(json).toMatchObject({ host: 'h1', exitCode: 1, applied: { deleted: ['big-old'], interrupted: true } });
    expect(fs.readFileSync(path.join(dir, 'r.csv'), 'utf8')).toContain('big-old');
    const lines = o.stderr.map((l) => JSON.parse(l) as { event: string; level: string });
    expect(lines.map((l) => l.event)).toEqual(['evicted', 'summary']);
    expect(lines[1]!.level).toBe('error');
    expect(r.finish(1)).toBe(1); // once only
  });

  test('a dry run logs each would-be eviction; clean logs skips and failures', () => {
    const dry = captureOutput();
    const plan = samplePlan();
    const r = new RunOutputs(args({ logFormat: 'text' }), dry, { dryRun: true });
    r.planned(plan, []);
    r.finish(5);
    expect(dry.stderr.filter((l) => / would-evict /.test(l)).length).toBe(plan.summary.evictCount);
    expect(dry.stderr.at(-1)).toMatch(/ warn summary .*exitCode=5/);

    const wet = captureOutput();
    const c = new RunOutputs(args({ logFormat: 'text' }), wet, { dryRun: false });
    c.planned(plan, []);
    c.outcome(plan.entries[0]!, 'skipped', 'modified since the scan');
    c.outcome(plan.entries[1]!, 'failed', 'EIO: boom');
    c.finish(4);
    expect(wet.stderr[0]).toMatch(/ warn skipped .*entry=big-old .*why="modified since the scan"/);
    expect(wet.stderr[1]).toMatch(/ error failed .*entry=mid .*error="EIO: boom"/);
  });

  test('without --log-format nothing is logged', () => {
    const o = captureOutput();
    const r = new RunOutputs(args({}), o, { dryRun: false });
    r.planned(samplePlan(), []);
    r.outcome(samplePlan().entries[0]!, 'deleted');
    r.finish(0);
    expect(o.stderr).toEqual([]);
    expect(r.logsOutcomes).toBe(false);
  });

  test('a report that cannot be written is an error line and turns exit 0 into 1', () => {
    const dir = tempDir();
    const o = captureOutput();
    const f = path.join(dir, 'r.md');
    const r = new RunOutputs(args({ report: [f] }), o, { dryRun: true });
    r.planned(samplePlan(), []);
    fs.mkdirSync(f);
    fs.writeFileSync(path.join(f, 'x'), '');
    expect(r.finish(0)).toBe(1);
    expect(o.stderr.join('')).toMatch(/^cachesweep: cannot write --report .*r\.md: /);
  });
});
