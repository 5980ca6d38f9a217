/**
 * Issue 12, cases 8 and 9, and the command-line-only overrides, through the built binary on a cache that a wrong
 * setting would empty: malformed --protect globs (`golden-[0-9*`, `golden-{1,2`, `golden-*)`, a trailing backslash)
 * were accepted and protected nothing; `CACHESWEEP_DRYRUN=1` was ignored and the run deleted. Each is now exit 2 with
 * one line naming the glob or the variable, and nothing is deleted; --ignore-unreadable-disks is read from the command
 * line only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { assertBuilt, runCli } from '../helpers/run.js';

beforeAll(assertBuilt);

function cache(): string {
  const root = path.join(tempDir('cachesweep-settings-'), 'cache');
  fs.mkdirSync(root);
  for (const name of ['golden-1', 'golden-2', 'scratch']) writeFile(path.join(root, name), 8192, { mtimeMs: ago(3 * DAY) });
  return root;
}

const untouched = (root: string): void => expect(fs.readdirSync(root).sort()).toEqual(['golden-1', 'golden-2', 'scratch']);

describe('malformed --protect globs are refused (hostile case 8)', () => {
  it.each([
    ['golden-[0-9*', /'\[' at position 8 that is never closed/],
    ['golden-{1,2', /'\{' at position 8 that is never closed/],
    ['golden-*)', /'\)' at position 9 that closes nothing/],
    ['golden-\\', /ends with a lone backslash/],
  ])('clean --protect %s: exit 2 naming the glob, nothing deleted', async (glob, why) => {
    const root = cache();
    const r = await runCli(['clean', root, '--max-age', '1h', '--protect', glob]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cachesweep: --protect: '${glob.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' `));
    expect(r.stderr).toMatch(why);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    untouched(root);
  });

  it('from a config file or CACHESWEEP_PROTECT too, naming where it was written', async () => {
    const root = cache();
    const conf = path.join(path.dirname(root), 'c.yaml');
    fs.writeFileSync(conf, "protect: 'golden-{1,2'\n");
    const f = await runCli(['clean', root, '--max-age', '1h', '--config', conf]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--protect: 'golden-\{1,2' has a '\{'.*c\.yaml/);
    const e = await runCli(['clean', root, '--max-age', '1h'], { env: { CACHESWEEP_PROTECT: 'golden-[0-9*' } });
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--protect: 'golden-\[0-9\*'.*CACHESWEEP_PROTECT/);
    untouched(root);
  });

  it('a well-formed glob protects as written, [!…] negating as in a shell', async () => {
    const root = cache();
    const r = await runCli(['clean', root, '--max-age', '1h', '--protect', 'golden-[!2]', '--protect', '@(scr|scratch)']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['golden-1', 'scratch']);
  });
});

describe('CACHESWEEP_* variables are checked by name (hostile case 9)', () => {
  it.each(['CACHESWEEP_DRYRUN', 'CACHESWEEP_DRY_RNU', 'CACHESWEEP_dry_run'])('%s=1 clean: exit 2, nothing deleted', async (name) => {
    const root = cache();
    const r = await runCli(['clean', root, '--max-age', '1h'], { env: { [name]: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachesweep: ${name} is not a cachesweep variable; did you mean CACHESWEEP_DRY_RUN? Refusing to run: a misspelt safety setting must not be ignored (unset ${name}, or fix its name)\n`);
    untouched(root);
  });

  it('CACHESWEEP_DRY_RUN=1 itself is a dry run', async () => {
    const root = cache();
    expect((await runCli(['clean', root, '--max-age', '1h'], { env: { CACHESWEEP_DRY_RUN: '1' } })).code).toBe(0);
    untouched(root);
  });

  it('an unknown variable that is no safety setting: a warning with a suggestion, the run goes on', async () => {
    const root = cache();
    const r = await runCli(['plan', root, '--max-age', '1h'], { env: { CACHESWEEP_QUIT: '1', CACHESWEEP_COLOUR: 'x' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('cachesweep: warning: CACHESWEEP_QUIT is not a cachesweep variable and is ignored (did you mean CACHESWEEP_QUIET?)\n');
    expect(r.stderr).toContain('cachesweep: warning: CACHESWEEP_COLOUR is not a cachesweep variable and is ignored\n');
  });
});

describe('destructive overrides are command-line only', () => {
  it('CACHESWEEP_IGNORE_UNREADABLE_DISKS is warned about and not read; a config file naming it is refused', async () => {
    const root = cache();
    const env = await runCli(['plan', root, '--max-age', '1h'], { env: { CACHESWEEP_IGNORE_UNREADABLE_DISKS: '1' } });
    expect(env.code).toBe(0);
    expect(env.stderr).toContain('cachesweep: warning: CACHESWEEP_IGNORE_UNREADABLE_DISKS is ignored: --ignore-unreadable-disks is accepted on the command line only\n');
    const conf = path.join(path.dirname(root), 'o.yaml');
    fs.writeFileSync(conf, 'profiles:\n  nova:\n    ignore-unreadable-disks: true\n');
    const f = await runCli(['plan', root, '--config', conf]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/o\.yaml:3: profiles\.nova\.ignore-unreadable-disks: accepted on the command line only/);
    untouched(root);
  });
});
