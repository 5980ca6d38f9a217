/** Running the built CLI as a user would: the one place the tests start bin/cachesweep. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './cache.js';
import { BIN, REPO } from './paths.js';

export { BIN, REPO } from './paths.js';

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
   * The state directory: a path, `false` for none, or (default) a new path in a fresh temporary directory,
   * not created yet, so a test can tell whether the run wrote any state.
   */
  stateDir?: string | false;
  /** How it is given: `--state-dir` after the arguments (default), or CACHESWEEP_STATE_DIR (which `env` may override). */
  stateVia?: 'flag' | 'env';
  /**
   * Extra environment, merged over a clean copy of the test's own (no CACHESWEEP_* variable, no colour setting, and
   * no system config file: CACHESWEEP_SYSTEM_CONFIG points nowhere unless given here).
   */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to the CLI's stdin (default: no stdin). */
  input?: string;
  /** Run the CLI under this command, e.g. `['unshare', '-n']` for a network namespace of its own. */
  under?: string[];
  /** Another build of the CLI to run (a modified copy of the checkout), instead of this checkout's. */
  bin?: string;
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

function prepare(args: string[], opts: RunOptions): { cmd: string; argv: string[]; stateDir: string | null; env: NodeJS.ProcessEnv } {
  assertBuilt();
  let stateDir: string | null = null;
  if (opts.stateDir === undefined) {
    const parent = tempDir('cachesweep-state-');
    stateParents.push(parent);
    stateDir = path.join(parent, 'state');
  } else if (opts.stateDir !== false) {
    stateDir = opts.stateDir;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CACHESWEEP_') || k === 'FORCE_COLOR' || k === 'NO_COLOR') delete env[k];
  env.CACHESWEEP_SYSTEM_CONFIG = '/nonexistent/cachesweep.yaml';
  const viaEnv = opts.stateVia === 'env';
  if (viaEnv && stateDir !== null) env.CACHESWEEP_STATE_DIR = stateDir;
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const tail = [...args, ...(stateDir !== null && !viaEnv ? ['--state-dir', stateDir] : [])];
  if (opts.user) return { ...asUser(opts.user, opts.bin ?? BIN, tail), stateDir, env };
  const [cmd, ...pre] = [...(opts.under ?? []), process.execPath];
  return { cmd: cmd!, argv: [...pre, opts.bin ?? BIN, ...tail], stateDir, env };
}

let userView: string | null = null;

/**
 * Run the CLI as another user. The checkout may sit below a directory that user cannot enter (a clone in a
 * `mktemp -d` directory, or in /root, both 0700: node then fails with MODULE_NOT_FOUND, not the error under test), so
 * the checkout is bind-mounted, in a mount namespace of the run's own, on a directory anyone can enter, and the user
 * is taken on only then (setpriv).
 */
function asUser(user: { uid: number; gid: number }, bin: string, tail: string[]): { cmd: string; argv: string[] } {
  if (userView === null) {
    userView = tempDir('cachesweep-view-');
    fs.chmodSync(userView, 0o755);
    stateParents.push(userView);
  }
  const script = 'mount --bind "$0" "$1" && shift 2 && exec setpriv --reuid="$U" --regid="$G" --clear-groups -- "$@"';
  const viewBin = path.join(userView, path.relative(REPO, bin));
  return {
    cmd: 'unshare',
    argv: ['-m', '--propagation', 'private', 'sh', '-c', script.replace('$U', String(user.uid)).replace('$G', String(user.gid)), REPO, userView, process.execPath, viewBin, ...tail],
  };
}

/** Start `node bin/cachesweep ARGS --state-dir TMP` with stdout/stderr piped (not a TTY). */
export function startCli(args: string[], opts: RunOptions = {}): { child: ChildProcess; done: Promise<RunResult> } {
  const { cmd, argv, stateDir, env } = prepare(args, opts);
  const stdin = opts.input !== undefined ? 'pipe' : 'ignore';
  const child = spawn(cmd, argv, { cwd: opts.cwd ?? REPO, env, stdio: [stdin, 'pipe', 'pipe'] });
  child.stdin?.end(opts.input);
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

/** runCli, synchronously: for tests that run the CLI step by step. */
export function runCliSync(args: string[], opts: RunOptions = {}): RunResult {
  const { cmd, argv, stateDir, env } = prepare(args, opts);
  const r = spawnSync(cmd, argv, { cwd: opts.cwd ?? REPO, env, encoding: 'utf8', ...(opts.input !== undefined ? { input: opts.input } : {}) });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, stateDir };
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
