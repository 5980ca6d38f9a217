/**
 * `completion bash|zsh|fish` prints that shell's script whatever $SHELL says, and each script completes commands,
 * flags and flag values when run in its own shell (Debian's bash, zsh and fish), asking the built CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliSync } from '../../helpers/run.js';
import { BIN } from '../../helpers/paths.js';
import { strategyNames } from '../../../src/policy/registry.js';

/** The built CLI with no state directory given (help, completion and refused lines write none). */
const runBin = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { stateDir: false, env });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-completion-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
// `cachesweep` on PATH, as an installed package has it; and a directory to complete names in
const binDir = path.join(tmp, 'bin');
fs.mkdirSync(binDir);
fs.writeFileSync(path.join(binDir, 'cachesweep'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
fs.mkdirSync(path.join(tmp, 'work', 'nova-base'), { recursive: true });

function script(shell: string): string {
  const r = runBin(['completion', shell], { SHELL: '/bin/sh' });
  expect(r).toMatchObject({ code: 0, stderr: '' });
  const file = path.join(tmp, `cachesweep.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** Run `code` in `shell` with the script loaded, in tmp/work; its stdout as lines, sorted. */
function inShell(shell: string, args: string[], code: string): string[] {
  const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, HOME: tmp };
  const r = spawnSync(shell, [...args, code], { cwd: path.join(tmp, 'work'), env, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter(Boolean).sort();
}

const bashComplete = (line: string): string[] => {
  const file = script('bash');
  return inShell('bash', ['--norc', '-c'], `source ${file}
read -ra COMP_WORDS <<< "${line}"; [[ "${line}" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMP_LINE="${line}"; COMP_POINT=\${#COMP_LINE}
complete -p cachesweep >/dev/null || exit 9
_cachesweep_completions; printf '%s\\n' "\${COMPREPLY[@]}"`);
};

// zsh completes only inside its line editor; compadd and _files are stood in for by functions that print what
// they are given, and the script's function runs on the words the editor would pass (words, CURRENT).
const zshComplete = (line: string): string[] => {
  const file = script('zsh');
  const words = line.split(' ');
  return inShell('zsh', ['-f', '-c'], `autoload -U compinit && compinit -u -D
source ${file}
[[ $_comps[cachesweep] == _cachesweep ]] || exit 9
compadd() { shift; print -l -- "$@" }
_files() { print -l -- *(/) }
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}
_cachesweep`);
};

const fishComplete = (line: string): string[] => {
  const file = script('fish');
  return inShell('fish', ['--no-config', '-c'], `source ${file}; complete -C '${line}'`).map((l) => l.split('\t')[0]!);
};

const COMMANDS = ['clean', 'completion', 'config', 'history', 'pin', 'plan', 'report', 'simulate', 'status', 'store', 'touch', 'unpin'];

describe.each([
  ['bash', bashComplete],
  ['zsh', zshComplete],
  ['fish', fishComplete],
])('%s', (shell, complete) => {
  test('completion <shell> prints its script whatever $SHELL is; --help prints help', () => {
    const text = fs.readFileSync(script(shell), 'utf8');
    expect(text).toContain(`cachesweep completion for ${shell}`);
    for (const other of ['bash', 'zsh', 'fish'].filter((s) => s !== shell)) expect(text).not.toContain(`completion for ${other}`);
    const help = runBin(['completion', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^cachesweep completion \[shell\]\n/);
    expect(help.stdout).not.toContain('completions-###');
  });

  test('commands, then a command\'s flags, then a flag\'s values', () => {
    expect(complete('cachesweep ')).toEqual(expect.arrayContaining(COMMANDS));
    expect(complete('cachesweep pl')).toEqual(expect.arrayContaining(['plan']));
    expect(complete('cachesweep pl')).not.toContain('status');
    expect(complete('cachesweep plan --max')).toEqual(['--max-age', '--max-delete']);
    expect(complete('cachesweep history --')).toContain('--since');
    expect(complete('cachesweep plan --')).not.toContain('--since');
    expect(complete('cachesweep plan /x --strategy ')).toEqual([...strategyNames()].sort()); // every strategy, aliases too
    expect(complete('cachesweep plan /x --format p')).toEqual(['plain']);
    expect(complete('cachesweep report ')).toEqual(['merge']);
    expect(complete('cachesweep completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  test('a cache directory where one is expected', () => {
    expect(complete('cachesweep plan nova')).toEqual(expect.arrayContaining([expect.stringMatching(/^nova-base\/?$/)]));
  });
});

test('an unknown shell is a usage error naming the choices', () => {
  expect(runBin(['completion', 'tcsh'])).toMatchObject({ code: 2, stdout: '', stderr: "cachesweep: completion: unknown shell 'tcsh' (choose bash, zsh, fish)\n" });
});

test('without an argument, the shell $SHELL names; else bash', () => {
  expect(runBin(['completion'], { SHELL: '/usr/bin/fish' }).stdout).toContain('completion for fish');
  expect(runBin(['completion'], { SHELL: '/bin/ksh' }).stdout).toContain('completion for bash');
});
