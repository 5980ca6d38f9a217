/**
 * A report replaces its file whole, even on a dry run. It replaced any file of a report's extension:
 * `--report /etc/cachesweep/cachesweep.json` (the config file, typed for --config) as root. An existing file is
 * now replaced only when it holds a report of that format (or is empty); anything else is exit 2 before the scan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expectRefused, oldCache } from '../helpers/refused.js';
import { tempDir } from '../helpers/cache.js';
import { runCli, runCliSync } from '../helpers/run.js';
import { tracePath } from '../helpers/traces.js';

const out = tempDir('cachesweep-report-over-');
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** What an operator may keep under a report's extension. */
const FOREIGN: Record<string, string> = {
  json: '{\n  "strategy": "lru",\n  "threshold": "85%"\n}\n',
  md: '# Runbook\n\nclean the cache weekly\n',
  csv: 'host,rack\r\nnode-1,r1\r\n',
  html: '<!doctype html>\n<html><head><title>dashboard</title></head></html>\n',
};

describe('--report over a file that is not a cachesweep report', () => {
  test.each(Object.keys(FOREIGN))('.%s: exit 2, one line, the file and the cache unchanged, dry run or not', async (ext) => {
    const file = path.join(out, `foreign.${ext}`);
    fs.writeFileSync(file, FOREIGN[ext]!);
    const name = ext === 'md' ? 'md' : ext;
    for (const extra of [['--dry-run'], []]) {
      await expectRefused(oldCache(), ['--no-config', '--report', file, ...extra], `cachesweep: --report: ${file} exists and is not a cachesweep ${name} report; it would be replaced: give another name, or remove it`);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(FOREIGN[ext]);
  });

  test('its own earlier report, or an empty file made ahead, is replaced: every format, run after run', async () => {
    const files = ['p.json', 'p.md', 'p.csv', 'p.html'].map((f) => path.join(out, f));
    fs.writeFileSync(files[0]!, '');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['plan', oldCache(), '--no-config', ...files.flatMap((f) => ['--report', f])]);
      expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    }
    for (const f of files) expect(fs.statSync(f).size).toBeGreaterThan(0);
  });

  test('report merge and simulate (capacities and schedules) replace their own reports too, and refuse a foreign one', () => {
    const plans = tempDir('cachesweep-report-plans-', out);
    const plan = runCliSync(['plan', oldCache(), '--no-config', '--report', path.join(plans, 'a.json')]);
    expect(plan.code).toBe(0);
    const runs: [string, string[]][] = [
      ['fleet', ['report', 'merge', plans]],
      ['sim', ['simulate', '--trace', tracePath('blockio.csv'), '--capacity', '4M', '--strategy', 'lru', '--no-limits']],
      ['schedule', ['simulate', '--trace', tracePath('blockio.csv'), '--every', '1h', '--disk', '64M', '--threshold', '85%', '--target', '75%', '--strategy', 'lru']],
    ];
    for (const [what, args] of runs) {
      const files = (what === 'sim' || what === 'schedule' ? ['json', 'csv', 'html'] : ['json', 'csv', 'html', 'md']).map((x) => path.join(out, `${what}.${x}`));
      for (let i = 0; i < 2; i++) {
        const r = runCliSync([...args, ...files.flatMap((f) => ['--report', f])], { stateDir: false });
        expect({ what, code: r.code, err: r.stderr }).toEqual({ what, code: 0, err: '' });
      }
      const foreign = path.join(out, `${what}-foreign.csv`);
      fs.writeFileSync(foreign, FOREIGN.csv!);
      const r = runCliSync([...args, '--report', foreign], { stateDir: false });
      expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({
        code: 2,
        out: '',
        err: `cachesweep: --report: ${foreign} exists and is not a cachesweep csv report; it would be replaced: give another name, or remove it\n`,
      });
      expect(fs.readFileSync(foreign, 'utf8')).toBe(FOREIGN.csv);
    }
  });
});
