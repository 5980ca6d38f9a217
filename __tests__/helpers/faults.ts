/** Helpers of the fault-injection tests (__tests__/integration/faults): holding a run, snapshots, running as nobody. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, type NodeSpec, type NodeState } from './cache.js';
import { REPO } from './paths.js';
import { assertBuilt, type RunResult } from './run.js';
import { DAY } from './units.js';

/** An old file (evicted by `--max-age 1d`). */
export const oldFile = (size = 8192): NodeSpec => ({ size, mtimeMs: ago(10 * DAY), atimeMs: ago(10 * DAY) });

/** An old directory entry of `files` files. */
export function oldDir(files: number, size = 4096): NodeSpec {
  const dir: Record<string, NodeSpec> = {};
  for (let i = 0; i < files; i++) dir[`f${i}`] = oldFile(size);
  return { dir, mtimeMs: ago(10 * DAY) };
}

/** Wait (polling, never a timed assertion: the limit only turns a hang into a clear failure) until `test()` holds. */
export async function waitUntil(what: string, test: () => boolean, limitMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > limitMs) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A directory for the hidden `--hold-before-apply DIR` hook: the run writes DIR/planned, then waits for DIR/go. */
export interface Hold {
  dir: string;
  args: string[];
  /** Resolves once the run has built and printed its plan and is waiting before its first deletion. */
  planned(): Promise<void>;
  /** Let the run go on to delete. */
  go(): void;
}

export function makeHold(parent: string): Hold {
  const dir = tempDir('hold-', parent);
  return {
    dir,
    args: ['--hold-before-apply', dir],
    planned: () => waitUntil(`${dir}/planned`, () => fs.existsSync(path.join(dir, 'planned'))),
    go: () => fs.writeFileSync(path.join(dir, 'go'), ''),
  };
}

/**
 * Nothing outside the plan is lost: every node of `before` whose top-level entry is not in `deleted` is still there,
 * unchanged (kind, inode, size, blocks, mtime, atime); every node of a deleted entry is gone. The root itself only
 * keeps its inode (its mtime moves as entries go).
 */
export function expectOnlyDeletedGone(before: Map<string, NodeState>, after: Map<string, NodeState>, deleted: readonly string[]): void {
  const gone = new Set(deleted);
  const lost: string[] = [];
  const changed: string[] = [];
  const survived: string[] = [];
  for (const [rel, st] of before) {
    if (rel === '.') continue;
    const top = rel.split(path.sep)[0]!;
    const now = after.get(rel);
    if (gone.has(top)) {
      if (now) survived.push(rel);
    } else if (!now) lost.push(rel);
    else if (JSON.stringify(now) !== JSON.stringify(st)) changed.push(`${rel}: ${JSON.stringify(st)} -> ${JSON.stringify(now)}`);
  }
  expect(after.get('.')?.ino).toBe(before.get('.')?.ino);
  expect({ lost, changed, survived }).toEqual({ lost: [], changed: [], survived: [] });
  for (const rel of after.keys()) if (!before.has(rel)) throw new Error(`${rel} appeared during the run`);
}

/**
 * A copy of the built CLI that `nobody` can read and run (the checkout may be private, as CI clones are): dist/,
 * bin/, package.json, the native addon and the runtime dependencies (the closure of package.json's "dependencies", without
 * better-sqlite3's sources and objects) copied to a world-readable temporary directory. Remove `dir` after the tests.
 */
export function nobodyCopy(): { dir: string; bin: string } {
  assertBuilt();
  const dir = tempDir('cachesweep-nobody-');
  fs.cpSync(path.join(REPO, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(REPO, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  // the native addon (src/sys/native.ts loads it from ../../build/Release, relative to dist/sys)
  fs.mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'build', 'Release', 'cachesweep_sys.node'), path.join(dir, 'build', 'Release', 'cachesweep_sys.node'));
  const modules = path.join(REPO, 'node_modules');
  const deps = (pkg: string): string[] => {
    const j = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    return Object.keys(j.dependencies ?? {});
  };
  const seen = new Set<string>();
  const todo = deps(REPO);
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const from = path.join(modules, name);
    if (!fs.existsSync(from)) continue; // nested inside its dependent: copied with it
    const heavy = /[/\\]better-sqlite3[/\\](deps|src|build[/\\]Release[/\\](obj|obj\.target|test_extension\.node|.*\.a$))/;
    fs.cpSync(from, path.join(dir, 'node_modules', name), { recursive: true, dereference: true, filter: (src) => !heavy.test(src) });
    todo.push(...deps(from));
    // packages nested in its node_modules may need hoisted ones
    const nested = (d: string): void => {
      const nm = path.join(d, 'node_modules');
      if (!fs.existsSync(nm)) return;
      for (const c of fs.readdirSync(nm)) {
        const ps = c.startsWith('@') ? fs.readdirSync(path.join(nm, c)).map((x) => path.join(nm, c, x)) : [path.join(nm, c)];
        for (const p of ps) {
          if (!fs.existsSync(path.join(p, 'package.json'))) continue;
          todo.push(...deps(p));
          nested(p);
        }
      }
    };
    nested(from);
  }
  const chmod = (p: string): void => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    fs.chmodSync(p, st.isDirectory() ? 0o755 : st.mode & 0o111 ? 0o755 : 0o644);
    if (st.isDirectory()) for (const c of fs.readdirSync(p)) chmod(path.join(p, c));
  };
  chmod(dir);
  return { dir, bin: path.join(dir, 'bin', 'cachesweep') };
}

/** Run `bin` as nobody:nogroup with no supplementary groups (setpriv), stdout/stderr piped. */
export function runAsNobody(bin: string, args: string[]): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', LANG: 'C' };
  const child = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, ...args], {
    cwd: '/',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, stateDir: null }));
  });
}
