/** The built CLI run on a real pseudo-terminal of a given width, as an operator at a terminal runs it. */
import { spawn } from 'node:child_process';
import stringWidth from 'string-width';
import { assertBuilt, BIN, REPO } from './run.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TtyResult {
  code: number | null;
  /** stdout and stderr as the terminal showed them (both go to the terminal), with \r\n made \n. */
  output: string;
}

/**
 * `script -qec 'stty cols N; node bin/cachesweep ARGS' /dev/null` (util-linux): stdout and stderr are a terminal
 * N columns wide, so the CLI finds its width as it would in an xterm. COLUMNS is removed from the environment
 * unless `env` sets it (`env` is exported in the command itself). The exit code is the CLI's (`script -e`).
 */
export function runInTerminal(args: string[], cols: number, env: Record<string, string> = {}): Promise<TtyResult> {
  assertBuilt();
  const e: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  for (const k of Object.keys(e)) if (k.startsWith('CACHESWEEP_') || k === 'COLUMNS' || k === 'FORCE_COLOR' || k === 'NO_COLOR') delete e[k];
  // Set in the command, after stty: the shell script runs resets an inherited COLUMNS to the terminal's width.
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}; `).join('');
  const cmd = `stty cols ${cols} rows 50; ${exports}exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: REPO, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: output.replace(/\r\n/g, '\n') }));
  });
}

/** The lines of terminal output, colour and cursor codes removed. */
export function screenLines(output: string): string[] {
  // eslint-disable-next-line no-control-regex
  return output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '').split('\n');
}

/** The lines wider than `cols` terminal columns (CJK characters count two), with their widths. */
export function linesWiderThan(output: string, cols: number): string[] {
  return screenLines(output)
    .filter((l) => stringWidth(l) > cols)
    .map((l) => `${stringWidth(l)}: ${l}`);
}
