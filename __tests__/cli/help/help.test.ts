/**
 * --help reads like a man page: every command's help at several terminal widths, clean spacing, no yargs
 * annotations running into the text or contradicting it; -V; exit codes and examples in the epilogue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO, runCliSync } from '../../helpers/run.js';
import { linesWiderThan, runInTerminal, screenLines } from '../../helpers/tty.js';
import { EXAMPLES } from '../../../src/cli/help/help-text.js';
import { cliDefinition, leafCommands } from '../../../src/cli/help/definitions.js';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { VERSION } from '../../../src/cli/version.js';

/** The built CLI with no state directory given (help, completion and refused lines write none). */
const runBin = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { stateDir: false, env });

const everyHelp = [[], ...leafCommands().map((c) => c.path.split(' ')), ['report'], ['store']];

describe('cachesweep --help', () => {
  test.each(everyHelp.map((words) => [words.join(' ') || '(top)', words]))('%s --help: no word runs into another, no yargs annotations', (_name, words) => {
    const r = runBin([...(words as string[]), '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // `never inside it[string]`, `(repeatable)[array]`, `[required] [default: []]` on one positional
    expect(r.stdout).not.toMatch(/\[(string|array|boolean|number|required|default:|choices:)/);
    expect(r.stdout).not.toMatch(/[^\s(]\[/);
    // right-aligned annotations; yargs' `[default]` beside the default command is the one left (it says which)
    expect(r.stdout.replace(/ \[default\]$/m, '')).not.toMatch(/\S {2,}\S+\]$/m);
  });

  test.each([60, 80, 200])('at %i columns no help line is wider than the terminal, and none is cut mid-word', async (cols) => {
    for (const words of [[], ['plan'], ['simulate']]) {
      const r = await runInTerminal([...words, '--help'], cols);
      expect(r.code).toBe(0);
      expect(linesWiderThan(r.output, cols)).toEqual([]);
      expect(screenLines(r.output).join('\n')).not.toMatch(/[a-z][[(]string|\]\[/);
    }
  });

  test('-V and --version print the version alone, anywhere on the line', () => {
    for (const args of [['-V'], ['--version'], ['plan', '-V']]) expect(runBin(args)).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('the epilogue lists every exit code and every example', () => {
    const out = runBin(['--help']).stdout;
    const epilogue = out.slice(out.indexOf('\nExit codes:\n'));
    for (const code of Object.values(EXIT)) expect(epilogue).toMatch(new RegExp(`^ +${code}  \\S`, 'm'));
    for (const [cmd, what] of EXAMPLES) {
      expect(epilogue).toContain(`  ${cmd}\n`);
      expect(epilogue).toContain(what);
    }
  });

  // The operator verbs (issue 17) and the store's: each --help ends with the codes that command can give, all documented.
  test.each([
    ['evict', [0, 2, 3, 4, 130, 143]],
    ['pin', [0, 2]],
    ['unpin', [0, 2]],
    ['touch', [0, 2]],
  ])('%s --help ends with its own exit codes, each one of EXIT', (cmd, codes) => {
    const out = runBin([cmd as string, '--help']).stdout;
    expect(out).toContain('\nExit codes:\n');
    const tail = out.slice(out.indexOf('\nExit codes:\n'));
    const listed = [...tail.matchAll(/^ {2}(\d+)(?:\/(\d+))? {2}\S/gm)].flatMap((m) => [m[1], m[2]].filter((x) => x !== undefined).map(Number));
    expect(listed).toEqual(codes);
    for (const c of listed) expect(Object.values(EXIT)).toContain(c);
  });

  test('docs/exit-codes.md has a row for exactly the codes help and the man page list', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'exit-codes.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(Object.values(EXIT));
  });

  test('the examples use only commands and flags that exist', () => {
    const commands = leafCommands(cliDefinition());
    for (const [line] of EXAMPLES) {
      const words = line.split(' ').slice(1);
      const c = commands.find((d) => d.path === words[0]);
      expect(c).toBeDefined();
      for (const w of words.filter((x) => x.startsWith('--'))) expect(c!.flags.map((f) => `--${f.name}`)).toContain(w);
    }
  });

  test('a flag says its default and choices in words (the same table yargs parses)', () => {
    const out = runBin(['plan', '--help']).stdout.replace(/\s+/g, ' ');
    expect(out).toContain('--format output: table on a TTY, plain when piped; one of auto, table, plain, json; default auto');
    expect(out).toContain('--min-age grace period: never evict anything idle less than this; default 10m');
    expect(out).toContain('--atime use access times; --no-atime ignores them (noatime mounts, backups that read every file); on by default');
  });
});
