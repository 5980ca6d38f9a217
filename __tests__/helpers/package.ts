import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { assertBuilt, REPO } from './run.js';
import { tempDir } from './cache.js';

export interface Installed {
  /** The temporary project that installed the package. */
  project: string;
  /** Files in the packed tarball, relative to the package. */
  files: string[];
  cleanup: () => void;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * `npm pack` the checkout (the build npm test made: --ignore-scripts skips `prepare`), then `npm install` the
 * tarball into a new project, as a user would. The package's dependencies are linked into the project's
 * node_modules from the checkout's first: npm finds them installed, so it fetches nothing (the test runs offline)
 * and better-sqlite3 is not compiled again (80 s here). Nothing is written in the checkout.
 */
export function packAndInstall(): Installed {
  assertBuilt();
  const dir = tempDir('cachesweep-pack-');
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO)) as { filename: string; files: { path: string }[] }[];
  const tarball = path.join(dir, packed[0]!.filename);
  const project = path.join(dir, 'project');
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'uses-cachesweep', version: '1.0.0', private: true, type: 'module' }));
  const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  for (const d of deps) fs.symlinkSync(path.join(REPO, 'node_modules', d), path.join(project, 'node_modules', d));
  run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], project);
  // The native addon is compiled at install (node-gyp, skipped by --ignore-scripts): the checkout's build stands in.
  const addon = path.join(REPO, 'build');
  if (fs.existsSync(addon)) fs.symlinkSync(addon, path.join(project, 'node_modules', 'cachesweep', 'build'));
  return { project, files: packed[0]!.files.map((f) => f.path), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Run an ES module (its text) inside the project, with arguments; its stdout and stderr, and its exit code. */
export function runModule(project: string, name: string, text: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const file = path.join(project, name);
  fs.writeFileSync(file, text);
  const r = spawnSync(process.execPath, [file, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
