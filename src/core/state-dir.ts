import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { isInside, realPathSoFar } from '../sys/paths.js';

/** Which setting chose the state directory, for error messages. */
export function stateDirSource(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return '--state-dir';
  if (env.CACHESWEEP_STATE_DIR) return 'CACHESWEEP_STATE_DIR';
  return 'default state directory';
}

/**
 * Where cachesweep keeps its own state (lock, usage store): `--state-dir`, else CACHESWEEP_STATE_DIR,
 * else /var/lib/cachesweep for root, else $XDG_STATE_HOME/cachesweep or ~/.local/state/cachesweep.
 */
export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // `--state-dir "$UNSET"` ran with the default store and lock: pins made in the intended store were not seen, and a
  // second cron job with the right directory did not exclude this one. (An empty CACHESWEEP_STATE_DIR is unset, as
  // systemd's Environment= and the other CACHESWEEP_* variables have it.)
  if (flag === '') throw new UsageError('--state-dir: an empty value is not a directory; give the state directory (pins, usage store, lock), or leave --state-dir out');
  if (flag) return path.resolve(flag);
  if (env.CACHESWEEP_STATE_DIR) return path.resolve(env.CACHESWEEP_STATE_DIR);
  return defaultStateDir(env).dir;
}

/** The state directory when neither --state-dir nor CACHESWEEP_STATE_DIR names one, and the rule that chose it. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): { dir: string; rule: string } {
  if (process.getuid?.() === 0) return { dir: '/var/lib/cachesweep', rule: 'running as root' };
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return { dir: path.join(xdg, 'cachesweep'), rule: '$XDG_STATE_HOME' };
  return { dir: path.join(os.homedir(), '.local', 'state', 'cachesweep'), rule: 'not root, no $XDG_STATE_HOME' };
}

/** The tool's own state never lives inside the root it scans (it would be scanned, and could be evicted). */
export function assertStateOutsideRoot(stateDir: string, root: string, source = '--state-dir'): void {
  if (isInside(realPathSoFar(stateDir), root)) {
    throw new UsageError(`${source}: ${stateDir} is inside the cache root ${root}; keep cachesweep's state outside what it cleans`);
  }
}

/**
 * The state directory is a directory, or does not exist yet below a directory (it is created then). A regular file,
 * a dangling symbolic link or a file among its parents is a usage error naming the setting: it reached the lock or
 * the store as an unexpected ENOTDIR/EEXIST and ended the run as an internal error (exit 1).
 */
export function assertStateDirUsable(stateDir: string, source = '--state-dir'): void {
  let p = path.resolve(stateDir);
  for (;;) {
    const problem = stateDirProblem(p);
    if (problem === null) return;
    if (problem !== 'missing') {
      const what = p === path.resolve(stateDir) ? `${stateDir} is ${problem}` : `${stateDir} cannot be created: ${p} is ${problem}`;
      throw new UsageError(`${source}: ${what}; give a directory (it is created when missing)`);
    }
    const up = path.dirname(p);
    if (up === p) return;
    p = up;
  }
}

/** null: a directory (through symlinks); 'missing': nothing there; else what is there instead. */
function stateDirProblem(p: string): string | null {
  let lst: fs.Stats;
  try {
    lst = fs.lstatSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing'; // ENOTDIR: a parent is not a directory, found walking up
    return `not reachable (${code ?? String(err)})`;
  }
  if (lst.isDirectory()) return null;
  if (!lst.isSymbolicLink()) return lst.isFile() ? 'a regular file, not a directory' : 'not a directory';
  try {
    return fs.statSync(p).isDirectory() ? null : 'a symbolic link to something that is not a directory';
  } catch {
    return `a dangling symbolic link (to ${fs.readlinkSync(p)})`;
  }
}
