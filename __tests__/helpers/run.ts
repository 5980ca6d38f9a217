import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'cachesweep');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The --state-dir the run was given (a fresh temporary directory outside every cache), or null. */
  stateDir: string | null;
}

export interface RunOptions {
  /**
   * `--state-dir` to append: a path, `false` for none, or (default) a new path in a fresh temporary directory,
   * not created yet, so a test can tell whether the run wrote any state.
   */
  stateDir?: string | false;
  /** Extra environment (merged over a clean copy of the test's own environment). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as this user and group (the test runs as root): a run by a service account that owns nothing. */
  user?: { uid: number; gid: number };
}

let checked = false;

/** Temporary parents of the state directories this file's runs were given: removed after the test file. */
const stateParents: string[] = [];
afterAll(() => {
  for (const p of stateParents.splice(0)) fs.rmSync(p, { recursive: true, force: true });
});

/** The integration tests run the BUILT CLI: refuse to test a missing or stale build. */
export function assertBuilt(): void {
  if (checked) return;
  const main = path.join(REPO, 'dist', 'cli', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before these tests (npm test does)`);
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const js = path.join(REPO, 'dist', path.relative(path.join(REPO, 'src'), p)).replace(/\.ts$/, '.js');
        if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(p).mtimeMs) stale.push(path.relative(REPO, p));
      }
    }
  };
  walk(path.join(REPO, 'src'));
  if (stale.length > 0) {
    throw new Error(`dist/ is older than ${stale.slice(0, 3).join(', ')}: run \`npm run build\` before these tests (npm test does)`);
  }
  checked = true;
}

function prepare(args: string[], opts: RunOptions): { argv: string[]; stateDir: string | null; env: NodeJS.ProcessEnv } {
  assertBuilt();
  let stateDir: string | null = null;
  if (opts.stateDir === undefined) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-state-'));
    stateParents.push(parent);
    stateDir = path.join(parent, 'state');
  } else if (opts.stateDir !== false) {
    stateDir = opts.stateDir;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CACHESWEEP_') || k === 'FORCE_COLOR' || k === 'NO_COLOR') delete env[k];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return { argv: [BIN, ...args, ...(stateDir !== null ? ['--state-dir', stateDir] : [])], stateDir, env };
}

/** Start `node bin/cachesweep ARGS --state-dir TMP` with stdout/stderr piped (not a TTY). */
export function startCli(args: string[], opts: RunOptions = {}): { child: ChildProcess; done: Promise<RunResult> } {
  const { argv, stateDir, env } = prepare(args, opts);
  const child = spawn(process.execPath, argv, { cwd: opts.cwd ?? REPO, env, stdio: ['ignore', 'pipe', 'pipe'], ...opts.user });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, stateDir }));
  });
  return { child, done };
}

/** Run the built CLI to the end. */
export function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return startCli(args, opts).done;
}

/** Parse stdout as exactly one JSON document (JSON.parse refuses anything before or after it). */
export function parseJson<T = Record<string, any>>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (err) {
    throw new Error(`stdout is not one JSON document (${(err as Error).message}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/** Describe a run for assertion messages. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/** Run several independent invocations, `concurrency` at a time; results in the order given. */
export async function runMany(runs: readonly { args: string[]; opts?: RunOptions }[], concurrency = 4): Promise<RunResult[]> {
  const results: RunResult[] = new Array(runs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const i = next++;
      results[i] = await runCli(runs[i]!.args, runs[i]!.opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, runs.length) }, worker));
  return results;
}
