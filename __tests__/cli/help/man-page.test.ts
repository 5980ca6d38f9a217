/**
 * cachesweep(1): generated from the definitions --help shows, kept current (regenerated and compared, as
 * docs/plan.schema.json is), shipped in the package (`man` in package.json), rendered by man-db without a warning.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, runCliSync } from '../../helpers/run.js';
import { OTHER_VARIABLES } from '../../../src/config/env-names.js';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { cliDefinition, leafCommands } from '../../../src/cli/help/definitions.js';
import { EXAMPLES } from '../../../src/cli/help/help-text.js';

/** The built CLI with no state directory given (help, completion and refused lines write none). */
const runBin = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { stateDir: false, env });

const PAGE = path.join(REPO, 'man', 'cachesweep.1');
const GEN = path.join(REPO, 'scripts', 'gen-man.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-man-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `man -l FILE` as a reader sees it at 80 columns, with every groff warning on (-ww; man-db's 'all' turns them off). */
function render(file: string): { code: number | null; text: string; warnings: string } {
  const r = spawnSync('man', ['--warnings=w', '-l', file], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '', PAGER: 'cat', LC_ALL: 'C.UTF-8' } });
  // plain text: no overstrike bold, no hyphenation marks
  return { code: r.status, text: r.stdout.replace(/.\x08/g, ''), warnings: r.stderr };
}

describe('man/cachesweep.1', () => {
  test('is what the command definitions generate (npm run gen:man); a stale page is found', () => {
    const ok = spawnSync(process.execPath, [GEN, '--check'], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const stale = path.join(tmp, 'stale.1');
    fs.writeFileSync(stale, fs.readFileSync(PAGE, 'utf8').replace('\\-\\-max\\-age', '\\-\\-max\\-ages'));
    const bad = spawnSync(process.execPath, [GEN, '--check', stale], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/is not what the command definitions generate \(first difference at line \d+\): run npm run gen:man/);
  });

  test('man -l renders it without a warning; a broken page would warn', () => {
    const r = render(PAGE);
    expect(r.warnings).toBe('');
    expect(r.code).toBe(0);
    const broken = path.join(tmp, 'broken.1');
    fs.writeFileSync(broken, fs.readFileSync(PAGE, 'utf8').replace('.SH NAME', '.SH NAME\n.XY not a macro\n\\fQ'));
    expect(render(broken).warnings).not.toBe('');
  });

  test('says every command, flag, exit code, variable and example the CLI has', () => {
    const { text } = render(PAGE);
    for (const s of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', 'OPTIONS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES', 'EXAMPLES']) expect(text).toMatch(new RegExp(`^${s}$`, 'm'));
    for (const c of leafCommands(cliDefinition())) {
      expect(text).toContain(`cachesweep ${c.path}`);
      for (const f of c.flags) expect(text).toContain(`--${f.name}`);
    }
    for (const code of Object.values(EXIT)) expect(text).toMatch(new RegExp(`^ {7}${code} {2,}\\S|^ {7}${code}\\n`, 'm'));
    for (const v of Object.keys(OTHER_VARIABLES)) expect(text).toContain(v);
    for (const [cmd] of EXAMPLES) expect(text.replace(/\s+/g, ' ')).toContain(cmd);
  });

  test("the definitions it is made from are the parser's: each command's --help lists exactly their flags", () => {
    for (const c of leafCommands(cliDefinition())) {
      const help = runBin([...c.path.split(' '), '--help']).stdout;
      const listed = [...help.matchAll(/^ {2}(?:-\w, | {4})--([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((f) => f !== 'help' && f !== 'version');
      expect([c.path, listed.sort()]).toEqual([c.path, c.flags.map((f) => f.name).sort()]);
    }
  });

  test('package.json ships it as the man page', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect(pkg.man).toEqual(['./man/cachesweep.1']);
    expect(pkg.files).toContain('man');
  });
});
