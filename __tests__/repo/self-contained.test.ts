import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/cache.js';

/**
 * The repository is self-contained: its tests pass in a fresh clone with nothing beside it. Before, the simulator's
 * tests read traces from ../shared beside the checkout, so a clone on its own failed six suites.
 */
const HERE = fileURLToPath(import.meta.url);

/** What reaching outside the checkout looks like in a test or a script (src/shared is inside: `../shared/x` may be fine). */
const OUTSIDE: { re: RegExp; what: string }[] = [
  { re: /shared\/traces|['"]shared['"]\s*,\s*['"]traces['"]/, what: 'the shared traces that used to be beside the checkout' },
  { re: /(?:resolve|join)\(\s*(?:REPO|REPO_ROOT|repo)\s*,\s*['"]\.\.['"]/, what: 'a path above the repository root' },
  { re: /['"`]\/work\//, what: 'an absolute path of a development machine' },
];

/** Relative paths written as literals (`'../../x'`) that climb out of the repository from the file that holds them. */
function climbsOut(file: string, line: string): boolean {
  return [...line.matchAll(/['"`]((?:\.\.\/)+)/g)].some((m) => path.relative(REPO, path.resolve(path.dirname(file), m[1]!)).startsWith('..'));
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesUnder(p);
    return /\.(ts|mts|mjs|js|json|sh)$/.test(d.name) || d.name === 'run' ? [p] : [];
  });
}

test('no test, helper, script or CI step names a path outside the repository', () => {
  const files = [...['__tests__', 'scripts', '.ci', 'data'].flatMap((d) => filesUnder(path.join(REPO, d))), path.join(REPO, 'jest.config.js'), path.join(REPO, 'package.json')];
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const f of files) {
    if (f === HERE) continue;
    fs.readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const where = `${path.relative(REPO, f)}:${i + 1}`;
        for (const { re, what } of OUTSIDE) if (re.test(line)) found.push(`${where}: ${what}: ${line.trim()}`);
        if (climbsOut(f, line)) found.push(`${where}: a relative path out of the repository: ${line.trim()}`);
      });
  }
  expect(found).toEqual([]);
});

/**
 * A `git clone` of the last commit into an empty directory, the dependencies linked in (as `npm ci` would install
 * them), and the suite that reads both traces run there. It checks what the pattern scan cannot: that the data the
 * tests read is committed (not only present in this working tree, nor ignored by git). Its subject is the last commit:
 * uncommitted changes are not in the clone.
 */
test('a fresh clone with nothing beside it passes the tests that read the traces', () => {
  const parent = tempDir('cachesweep-clone-');
  try {
    const clone = path.join(parent, 'p');
    const git = spawnSync('git', ['clone', '-q', REPO, clone], { encoding: 'utf8' });
    if (git.status !== 0) throw new Error(`git clone ${REPO} failed (the tests run in a git checkout): ${git.stderr}`);
    expect(fs.readdirSync(parent)).toEqual(['p']);
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('JEST_')));
    const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--ci', '__tests__/sim/engine.test.ts'], {
      cwd: clone,
      encoding: 'utf8',
      env,
      timeout: 110_000,
    });
    const out = `${jest.stdout}${jest.stderr}`;
    if (jest.status !== 0) throw new Error(`jest in the clone exited ${jest.status}:\n${out.slice(-4000)}`);
    expect(out).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(out).not.toMatch(/skipped/);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
}, 120_000);
