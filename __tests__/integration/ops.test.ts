import fs from 'node:fs';
import path from 'node:path';
import { idleFiles, makeTree, tempDir } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { MiB } from '../helpers/units.js';

/** `report` and completion take no --state-dir: they are run without one. */
const NO_STATE = { stateDir: false } as const;

function demoCache(): string {
  const dir = tempDir();
  const root = path.join(dir, 'cache');
  makeTree(root, idleFiles({ a: [3 * MiB, 50], b: [2 * MiB, 40], c: [MiB, 30], d: [MiB, 20], young: [MiB, 0] }));
  return root;
}

describe('cachesweep with reports, metrics and logs (built binary)', () => {
  test('plan --json and --report x.json write the same document; every format is written', () => {
    const root = demoCache();
    const out = tempDir();
    const reports = ['r.json', 'r.md', 'r.csv', 'r.html'].map((f) => path.join(out, f));
    const r = runCliSync(['plan', root, '--strategy', 'lru', '--threshold', '5M', '--json', ...reports.flatMap((f) => ['--report', f])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const stdoutDoc = JSON.parse(r.stdout);
    const fileDoc = JSON.parse(fs.readFileSync(reports[0]!, 'utf8'));
    expect(fileDoc).toEqual(stdoutDoc);
    expect(fileDoc.host).toEqual(expect.any(String));
    expect(fs.readFileSync(reports[1]!, 'utf8')).toContain('## Would evict: 2 entries');
    expect(fs.readFileSync(reports[2]!, 'utf8').split('\r\n').length).toBe(1 + 5 + 1);
    expect(fs.readFileSync(reports[3]!, 'utf8')).toContain('<svg id="chart-scatter"');
    // a dry run changes nothing in the cache
    expect(fs.readdirSync(root).sort()).toEqual(['a', 'b', 'c', 'd', 'young']);
  });

  test('clean with --max-delete: the cap holds back victims, the run ends in shortfall (5), metrics and JSON log lines say so', () => {
    const root = demoCache();
    const out = tempDir();
    const prom = path.join(out, 'cachesweep.prom');
    const r = runCliSync(['clean', root, '--strategy', 'lru', '--threshold', '3M', '--target', '2M', '--max-delete', '1', '--metrics-file', prom, '--log-format', 'json', '-q']);
    expect(r.code).toBe(5);
    expect(fs.readdirSync(root).sort()).toEqual(['b', 'c', 'd', 'young']);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.event)).toEqual(['evicted', 'summary']);
    expect(lines[0]).toMatchObject({ entry: 'a', reason: 'over-threshold', level: 'info' });
    expect(lines[1]).toMatchObject({ exitCode: 5, cappedCount: 2, deleted: 1 });
    const text = fs.readFileSync(prom, 'utf8');
    const rootLabel = `root="${fs.realpathSync(root)}"`;
    expect(text).toContain(`cachesweep_last_run_exit_code{${rootLabel}} 5`);
    expect(text).toContain(`cachesweep_plan_entries{${rootLabel},decision="keep",reason="capped"} 2`);
    expect(text).toContain(`cachesweep_runs_total{${rootLabel}} 1`);
    expect(fs.readdirSync(out)).toEqual(['cachesweep.prom']);
    // a second run counts on
    runCliSync(['plan', root, '--metrics-file', prom, '-q']);
    expect(fs.readFileSync(prom, 'utf8')).toContain(`cachesweep_runs_total{${rootLabel}} 2`);
  });

  test('bad run flags are usage errors before anything is scanned or written', () => {
    const root = demoCache();
    const out = tempDir();
    expect(runCliSync(['plan', root, '--report', path.join(out, 'x.pdf')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cachesweep: --report: .*x\.pdf: unknown report format '\.pdf' \(choose \.json, \.md, \.markdown, \.csv, \.html, \.htm\)\n$/) });
    expect(runCliSync(['plan', root, '--max-delete', 'x'])).toMatchObject({ code: 2 });
    expect(runCliSync(['plan', root, '--log-format', 'xml'])).toMatchObject({ code: 2 });
    expect(runCliSync(['plan', root, '--report', path.join(root, 'r.md')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/inside the cache root/) });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test('progress never reaches a pipe', () => {
    const root = demoCache();
    const r = runCliSync(['clean', root, '--max-age', '1h']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toContain('\r');
  });

  test('a config file (CACHESWEEP_CONFIG) with a profile drives the run; its bad value is traced to its line', () => {
    const root = demoCache();
    const cfg = path.join(tempDir(), 'cachesweep.yaml');
    fs.writeFileSync(cfg, `max-delete: 1\nprofiles:\n  demo:\n    root: ${root}\n    strategy: lru\n    threshold: 5M\n  broken:\n    root: ${root}\n    threshold: 85\n`);
    const r = runCliSync(['plan', '--profile', 'demo', '--json'], { env: { CACHESWEEP_CONFIG: cfg } });
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.strategy).toBe('lru');
    expect(doc.summary).toMatchObject({ evictCount: 1, cappedCount: 1 });
    const bad = runCliSync(['plan', '--profile', 'broken'], { env: { CACHESWEEP_CONFIG: cfg } });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`cachesweep: --threshold: '85' is ambiguous: add a unit, % for disk use (e.g. 85%) or a size (e.g. 85G) (threshold from profile broken (${cfg} line 9))`);
    const env = runCliSync(['plan', root, '--json', '--no-config'], { env: { CACHESWEEP_STRATEGY: 'lru', CACHESWEEP_THRESHOLD: '5M' } });
    expect(JSON.parse(env.stdout).strategy).toBe('lru');
  });

  test('report merge: a fleet report from nodes\' JSON plans, shortfall nodes first', () => {
    const dir = tempDir();
    const plans = path.join(dir, 'plans');
    fs.mkdirSync(plans);
    const ok = demoCache();
    const short = demoCache();
    runCliSync(['plan', ok, '--strategy', 'lru', '--threshold', '5M', '--report', path.join(plans, 'node-a.json')]);
    runCliSync(['plan', short, '--strategy', 'lru', '--threshold', '5M', '--max-delete', '1', '--report', path.join(plans, 'node-b.json')]);
    for (const f of ['node-a.json', 'node-b.json']) {
      const p = path.join(plans, f);
      const d = JSON.parse(fs.readFileSync(p, 'utf8'));
      fs.writeFileSync(p, JSON.stringify({ ...d, host: f.replace('.json', '') }));
    }
    const out = ['fleet.html', 'fleet.md', 'fleet.json'].map((f) => path.join(dir, f));
    const r = runCliSync(['report', 'merge', plans, ...out.flatMap((f) => ['--report', f])], NO_STATE);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^node-b /);
    const fleet = JSON.parse(fs.readFileSync(out[2]!, 'utf8'));
    expect(fleet.nodes.map((n: { node: string }) => n.node)).toEqual(['node-b', 'node-a']);
    expect(fleet.totals.shortfallNodes).toBe(1);
    expect(fs.readFileSync(out[0]!, 'utf8')).toContain('<svg id="chart-fleet-disk"');
    expect(fs.readFileSync(out[1]!, 'utf8')).toContain('| node-b |');
    // merging again with the fleet.json in the directory leaves the fleet document out
    const again = runCliSync(['report', 'merge', dir, '--json'], NO_STATE);
    expect(again.stderr).toMatch(/fleet\.json is a fleet report, not a node's plan: left out/);
    expect(JSON.parse(again.stdout).totals.nodes).toBe(2);
  });

  test('report merge refuses what is not a plan', () => {
    const f = path.join(tempDir(), 'x.json');
    fs.writeFileSync(f, '{"schema": 1, "command": "status"}');
    expect(runCliSync(['report', 'merge', f], NO_STATE)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cachesweep: report merge: .*x\.json: not a cachesweep JSON plan/) });
    expect(runCliSync(['report', 'merge', '/nonexistent.json'], NO_STATE)).toMatchObject({ code: 2, stderr: 'cachesweep: report merge: /nonexistent.json does not exist\n' });
    expect(runCliSync(['report', 'merge'], NO_STATE)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cachesweep: report merge: give the nodes' JSON plans/) });
    expect(runCliSync(['report'], NO_STATE)).toMatchObject({ code: 2, stderr: 'cachesweep: give a report command: merge\n' });
  });

  test('shell completion', () => {
    const script = runCliSync(['completion'], NO_STATE);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('cachesweep');
    expect(script.stdout).toMatch(/--get-yargs-completions/);
    const words = runCliSync(['--get-yargs-completions', 'cachesweep', ''], NO_STATE).stdout.split('\n');
    expect(words).toEqual(expect.arrayContaining(['clean', 'plan', 'status', 'config', 'report', 'completion']));
    const flags = runCliSync(['--get-yargs-completions', 'cachesweep', 'plan', '--max'], NO_STATE).stdout;
    expect(flags).toMatch(/--max-delete/);
  });
});
