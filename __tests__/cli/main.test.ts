import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/term/output.js';
import { ago, makeCache, removeDir, tempDir } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

/** An Output that records what the CLI prints, as a pipe would see it. */
function recorder(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    colorLevel: 0,
  };
}

let root: string;
let state: string;
beforeAll(() => {
  root = makeCache({ old: { size: 1_000, mtimeMs: ago(10 * DAY), atimeMs: ago(10 * DAY) } });
  state = path.join(tempDir(), 'state');
});
afterAll(() => {
  removeDir(root);
  removeDir(path.dirname(state));
});

describe('main (in-process)', () => {
  it.each([
    [['plan', '<root>', '--format', 'xml'], /format.*xml/], // yargs says this over two lines
    [['plan', '<root>', '--min-free', '-1G', '--strategy', 'lru'], /--min-free: '-1G'/],
    [['plan', '<root>', '--threshold', '85'], /--threshold: '85' is ambiguous/],
    [['plan', '<root>', '--bogus'], /unknown argument --bogus/],
    [['plan', '<root>', '--report'], /^cachesweep: --report: missing its value \(see --help\)$/],
  ])('%j: exit 2 with exactly one line on stderr', async (argv, message) => {
    const o = recorder();
    const code = await main([...argv.map((a) => (a === '<root>' ? root : a)), '--state-dir', state], o);
    expect(code).toBe(2);
    expect(o.stdout).toEqual([]);
    expect(o.stderr).toHaveLength(1);
    expect(o.stderr[0]).toMatch(/^cachesweep: /);
    expect(o.stderr[0]).not.toContain('\n');
    expect(o.stderr[0]).toMatch(message);
    expect(fs.existsSync(path.join(root, 'old'))).toBe(true);
  });

  it('--json prints exactly one document through the output it is given', async () => {
    const o = recorder();
    const code = await main(['plan', root, '--max-age', '1d', '--json', '--state-dir', state], o);
    expect(code).toBe(0);
    expect(o.stderr).toEqual([]);
    expect(o.stdout).toHaveLength(1);
    expect(JSON.parse(o.stdout[0]!)).toEqual(expect.objectContaining({ schema: 1, dryRun: true, root }));
  });

  it('--help lists each command once (a command registered twice prints twice)', () => {
    const r = runCliSync(['--help'], { stateDir: false });
    expect(r.code).toBe(0);
    // the Commands section only: the epilogue's examples start with `  cachesweep` too
    const commands = r.stdout.slice(r.stdout.indexOf('\nCommands:\n'), r.stdout.indexOf('\n\n', r.stdout.indexOf('\nCommands:\n') + 1));
    const names = commands.split('\n').flatMap((l) => /^ {2}cachesweep (\w+)/.exec(l)?.[1] ?? []);
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...new Set(names)]);
  });
});
