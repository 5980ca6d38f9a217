import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ago, makeCache, makeTree, removeDir, snapshot, tempDir } from '../helpers/cache.js';
import { describeRun, runCli, runMany, type RunResult } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

// Bad input: exit 2, one line on stderr starting `cachesweep:` that names the problem, no stack trace,
// nothing on stdout, and nothing deleted or written.
let root: string;
let before: ReturnType<typeof snapshot>;
const cleanup: string[] = [];
beforeAll(() => {
  root = makeCache({
    old: { size: 10_000, mtimeMs: ago(30 * DAY), atimeMs: ago(30 * DAY) },
    olddir: { dir: { f: { size: 5_000, mtimeMs: ago(30 * DAY), atimeMs: ago(30 * DAY) } }, mtimeMs: ago(30 * DAY) },
  });
  cleanup.push(root);
  before = snapshot(root);
});
afterAll(() => cleanup.forEach(removeDir));

function expectUsageError(r: RunResult, ...mentions: string[]): void {
  const why = describeRun(r);
  expect({ code: r.code, why }).toEqual({ code: 2, why });
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect({ lines, why }).toEqual({ lines: [expect.stringMatching(/^cachesweep: /)], why });
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.endsWith('\n')).toBe(true);
  for (const m of mentions) expect(lines[0]).toContain(m);
  if (r.stateDir) expect(fs.existsSync(r.stateDir)).toBe(false); // no lock, no store
}

// A valid run would delete both entries: --max-age 1d with --min-age 0.
const evicting = ['--max-age', '1d', '--min-age', '0'];

describe('usage errors exit 2 with one line naming the flag and value', () => {
  const cases: [string, () => string[], string[]][] = [
    ['an unknown flag', () => ['clean', root, '--bogus-flag', ...evicting], ['bogus-flag']],
    ['a bare --threshold 85', () => ['clean', root, '--strategy', 'lru', '--threshold', '85'], ['--threshold', '85', 'ambiguous']],
    ['--threshold 101%', () => ['clean', root, '--strategy', 'lru', '--threshold', '101%'], ['--threshold', '101%']],
    ['--threshold 0%', () => ['clean', root, '--strategy', 'lru', '--threshold', '0%'], ['--threshold', '0%']],
    ['--min-free -1G', () => ['clean', root, '--strategy', 'lru', '--min-free', '-1G'], ['--min-free', '-1G']],
    ['--min-free=-1G', () => ['clean', root, '--strategy', 'lru', '--min-free=-1G'], ['--min-free', '-1G']],
    ['--max-age 50X', () => ['clean', root, '--max-age', '50X'], ['--max-age', '50X']],
    ['--min-age 10', () => ['clean', root, '--max-age', '1d', '--min-age', '10'], ['--min-age', '10']],
    ['a target above the threshold', () => ['clean', root, '--strategy', 'lru', '--threshold', '80%', '--target', '90%'], ['--target', '90%', '80%']],
    ['an unknown strategy', () => ['clean', root, '--strategy', 'fifo', ...evicting], ['--strategy', 'fifo']],
    ['a pressure strategy with no trigger', () => ['clean', root, '--strategy', 'lru', '--min-age', '0'], ['--strategy lru', '--threshold']],
    ['--lock-stale 1s (too short)', () => ['clean', root, '--lock-stale', '1s', ...evicting], ['--lock-stale', "'1s'", 'too short', 'at least 5s']],
    ['--lock-stale 2d (too long)', () => ['clean', root, '--lock-stale', '2d', ...evicting], ['--lock-stale', "'2d'", 'too long']],
    ['--lock-stale soon', () => ['clean', root, '--lock-stale', 'soon', ...evicting], ['--lock-stale', "'soon'", 'not a duration']],
    ['an unknown --format', () => ['plan', root, '--format', 'xml'], ['format', 'xml']],
    ['a missing cache dir', () => ['clean', path.join(root, 'does-not-exist'), ...evicting], ['does-not-exist', 'does not exist']],
    ['a file instead of a directory', () => ['clean', path.join(root, 'old'), ...evicting], ['old', 'not a directory']],
    ['no cache dir at all', () => ['clean'], []],
    ['/', () => ['plan', '/', ...evicting], ['/', 'refusing']],
    ['/etc', () => ['plan', '/etc', ...evicting], ['/etc', 'refusing']],
    ['/usr', () => ['plan', '/usr', ...evicting], ['/usr', 'refusing']],
    ['/usr/ (trailing slash)', () => ['plan', '/usr/', ...evicting], ['/usr', 'refusing']],
    ["the user's real home", () => ['plan', os.homedir(), ...evicting], [fs.realpathSync(os.homedir()), 'refusing']],
  ];
  // independent runs: start them together, assert one by one
  let results: RunResult[];
  beforeAll(async () => {
    results = await runMany(cases.map(([, args]) => ({ args: args() })));
  });
  it.each(cases.map((c, i) => [...c, i] as const))('%s', (_name, _args, mentions, i) => {
    expectUsageError(results[i]!, ...mentions);
    expect(snapshot(root)).toEqual(before);
  });

  it('$HOME itself, even when it is an ordinary directory full of old files', async () => {
    const home = makeCache({ notes: { size: 1_000, mtimeMs: ago(30 * DAY), atimeMs: ago(30 * DAY) } });
    cleanup.push(home);
    const homeBefore = snapshot(home);
    const r = await runCli(['clean', home, ...evicting], { env: { HOME: home } });
    expectUsageError(r, home, 'refusing');
    expect(snapshot(home)).toEqual(homeBefore);
    // the same directory under another HOME is an ordinary cache: the refusal came from it being $HOME
    const ok = await runCli(['plan', home, ...evicting, '--json'], { env: { HOME: os.tmpdir() } });
    expect(ok.code).toBe(0);
  });

  it('--state-dir inside the cache root', async () => {
    const r = await runCli(['clean', root, ...evicting], { stateDir: path.join(root, '.cachesweep') });
    expectUsageError(r, '--state-dir', path.join(root, '.cachesweep'), 'inside the cache root');
    expect(fs.existsSync(path.join(root, '.cachesweep'))).toBe(false);
    expect(snapshot(root)).toEqual(before);
  });

  it('--state-dir reaching inside the cache root through a symlink', async () => {
    const elsewhere = tempDir();
    cleanup.push(elsewhere);
    fs.symlinkSync(root, path.join(elsewhere, 'link-to-cache'));
    const r = await runCli(['clean', root, ...evicting], { stateDir: path.join(elsewhere, 'link-to-cache', 'state') });
    expectUsageError(r, '--state-dir', 'inside the cache root');
    expect(snapshot(root)).toEqual(before);
  });

  it('the valid command these cases start from does delete (so the cases above prove a refusal)', async () => {
    const copy = tempDir();
    cleanup.push(copy);
    makeTree(copy, { old: { size: 10_000, mtimeMs: ago(30 * DAY), atimeMs: ago(30 * DAY) } });
    const r = await runCli(['clean', copy, ...evicting]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(copy)).toEqual([]);
  });
});
