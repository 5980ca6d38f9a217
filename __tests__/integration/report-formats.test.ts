import fs from 'node:fs';
import path from 'node:path';
import { REPORT_FORMATS, type ReportKind } from '../../src/report/formats/registry.js';
import { idleFiles, makeTree, tempDir } from '../helpers/cache.js';
import { assertBuilt, runCliSync } from '../helpers/run.js';

// One registry of report formats decides, for plan and clean, report merge and simulate alike, which extensions
// are accepted, what an unknown one is told, and what the help lists.

const work = tempDir('cachesweep-formats-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeAll(() => assertBuilt());
/** `report merge` takes no --state-dir: every run gets its state directory through CACHESWEEP_STATE_DIR. */
const run = (args: string[]) => runCliSync(args, { stateVia: 'env' });

const root = path.join(work, 'cache');
makeTree(root, idleFiles({ 'a.img': [64 * 1024, 48], 'b.img': [32 * 1024, 1] }));
const plan = path.join(work, 'plan.json');
const trace = path.join(work, 'trace.txt');
fs.writeFileSync(trace, Array.from({ length: 200 }, (_, i) => `${i} obj${i % 17} ${1024 * (1 + (i % 5))}`).join('\n'));

/** Each command that writes reports, with what it needs besides --report (clean: for real, or as a dry run). */
const COMMANDS: [string, ReportKind, (dry?: boolean) => string[]][] = [
  ['plan', 'plan', () => ['plan', root]],
  ['clean', 'plan', (dry) => ['clean', root, '--max-age', '1d', ...(dry ? ['--dry-run'] : [])]],
  ['report merge', 'fleet', () => ['report', 'merge', plan]],
  ['simulate', 'simulate', () => ['simulate', '--trace', trace, '--capacity', '8K', '--now', '2025-06-01T00:00:00Z']],
];
beforeAll(() => expect(run(['plan', root, '--report', plan]).code).toBe(0));

const listed = (kind: ReportKind): string => REPORT_FORMATS.formatsFor(kind).flatMap((f) => f.extensions).join(', ');

describe.each(COMMANDS)('%s --report', (_name, kind, args) => {
  test.each(['x.pdf', 'x', 'x.json.bak'])('%s: one usage line listing the extensions that would do, nothing written or deleted', (name) => {
    const out = tempDir('out-', work);
    const file = path.join(out, name);
    const r = run([...args(), '--report', file]);
    const ext = path.extname(name) || '(no extension)';
    const what = kind === 'plan' ? 'report format' : `${kind} report format`;
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `cachesweep: --report: ${file}: unknown ${what} '${ext}' (choose ${listed(kind)})\n` });
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual(['a.img', 'b.img']);
  });

  test('every extension the registry lists for it is written, in its format', () => {
    const out = tempDir('out-', work);
    const files = REPORT_FORMATS.formatsFor(kind).flatMap((f) => f.extensions.map((e) => ({ format: f.name, file: path.join(out, `r${e.toUpperCase()}`) })));
    const r = run([...args(true), ...files.flatMap((f) => ['--report', f.file])]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const { format, file } of files) {
      const text = fs.readFileSync(file, 'utf8');
      const looks = { json: /^\{\n {2}"schema": 1,/, md: /^# cachesweep /, csv: /^[a-z_]+(,[a-z_]+)+\r\n/, html: /^<!doctype html>\n/ }[format];
      expect({ file, ok: looks?.test(text) }).toEqual({ file, ok: true });
    }
  });
});

test('simulate refuses the formats that cannot show a simulation (Markdown) by the same rule', () => {
  const file = path.join(work, 'sim.md');
  const r = run([...COMMANDS[3]![2](), '--report', file]);
  expect(r).toMatchObject({ code: 2, stderr: `cachesweep: --report: ${file}: unknown simulate report format '.md' (choose .json, .csv, .html, .htm)\n` });
  expect(fs.existsSync(file)).toBe(false);
});

test('the help of each command lists the registry\'s extensions', () => {
  const help = (args: string[]): string => run([...args, '--help']).stdout.replace(/\s+/g, ' ');
  const first = (kind: ReportKind): string[] => REPORT_FORMATS.extensionsFor(kind);
  expect(first('plan')).toEqual(['.json', '.md', '.csv', '.html']);
  expect(help(['plan'])).toContain(`format by extension: ${first('plan').join(' ')} (repeatable)`);
  expect(help(['clean'])).toContain(`format by extension: ${first('plan').join(' ')} (repeatable)`);
  expect(help(['report', 'merge'])).toContain('write the fleet report: .json, .md, .csv or .html (repeatable)');
  expect(help(['simulate'])).toContain(`format by extension: ${first('simulate').join(' ')} (repeatable; .html draws the miss-ratio curves)`);
});
