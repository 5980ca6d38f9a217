/**
 * Issue 12, case 16: files given as input are read with a bound and never hang. `--config`, `--in-use-from` and
 * `--nova-conf` given /dev/zero or /dev/urandom aborted with std::bad_alloc (exit 134); `--config` on a FIFO hung
 * forever; a state directory that is a regular file or a dangling symlink gave exit 1. Now: a FIFO, a device or a
 * directory given as a path is refused in one line (exit 2), a regular file over 16 MiB too, and `-` reads standard
 * input only where the flag takes it. Every run has a time limit: a hang fails the test instead of stalling it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { assertBuilt, BIN } from '../helpers/run.js';

beforeAll(assertBuilt);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Run the CLI with a time limit (a hang is killed and shows as SIGKILL). */
function run(args: string[], input?: string): Run {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CACHESWEEP_')));
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 20_000, killSignal: 'SIGKILL', input: input ?? '' });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

function setup(): { root: string; state: string; dir: string } {
  const dir = tempDir('cachesweep-bounded-');
  const root = path.join(dir, 'cache');
  fs.mkdirSync(root);
  writeFile(path.join(root, 'old'), 8192, { mtimeMs: ago(3 * DAY) });
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  writeFile(path.join(dir, 'big'), 16 * 1024 * 1024 + 1);
  return { root, state: path.join(dir, 'state'), dir };
}

const oneLine = (r: Run, what: RegExp): void => {
  expect(r.signal).toBeNull();
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(what);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
};

describe('inputs read with a bound, never hanging (hostile case 16)', () => {
  const flags = ['--config', '--in-use-from', '--nova-conf', '--glance-conf'];
  const { root, state, dir } = setup();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(flags.flatMap((f) => [
    [f, '/dev/zero', 'a device'],
    [f, '/dev/urandom', 'a device'],
    [f, 'fifo', 'a FIFO \\(named pipe\\)'],
    [f, '.', 'a directory'],
  ]))('%s %s: refused as %s, nothing deleted', (flag, given, what) => {
    const file = given === 'fifo' ? path.join(dir, 'fifo') : given === '.' ? dir : given;
    const r = run(['clean', root, '--max-age', '1h', '--state-dir', state, flag, file]);
    oneLine(r, new RegExp(`^cachesweep: ${flag}: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is ${what}, not a regular file`));
    expect(fs.readdirSync(root)).toEqual(['old']);
  });

  it.each(flags)('%s with a regular file over 16 MiB: refused, naming the bound', (flag) => {
    const r = run(['plan', root, '--state-dir', state, flag, path.join(dir, 'big')]);
    oneLine(r, new RegExp(`^cachesweep: ${flag}: .*/big holds more than 16 MiB, the most cachesweep reads from it`));
  });

  it('- is standard input for --in-use-from (bounded too); for --config it is a file name', () => {
    const ok = run(['clean', root, '--max-age', '1h', '--state-dir', state, '--in-use-from', '-'], 'old\n');
    expect(ok.code).toBe(0);
    expect(fs.readdirSync(root)).toEqual(['old']);
    const big = run(['plan', root, '--state-dir', state, '--in-use-from', '-'], 'x'.repeat(16 * 1024 * 1024 + 1));
    oneLine(big, /^cachesweep: --in-use-from: standard input holds more than 16 MiB/);
    // --config takes no `-`: refused (exit 2) without waiting for standard input.
    oneLine(run(['plan', root, '--state-dir', state, '--config', '-']), /^cachesweep: /);
  });

  it('a state directory that is a regular file or a dangling symlink: exit 2, one line, for plan and clean', () => {
    const file = path.join(dir, 'state-file');
    fs.writeFileSync(file, 'x');
    const dangling = path.join(dir, 'state-link');
    fs.symlinkSync(path.join(dir, 'nowhere'), dangling);
    for (const cmd of ['plan', 'clean', 'pin']) {
      const extra = cmd === 'pin' ? ['old'] : ['--max-age', '1h'];
      oneLine(run([cmd, root, ...extra, '--state-dir', file]), /^cachesweep: --state-dir: .*\/state-file is a regular file, not a directory/);
      oneLine(run([cmd, root, ...extra, '--state-dir', dangling]), /^cachesweep: --state-dir: .*\/state-link is a dangling symbolic link \(to .*\/nowhere\)/);
      oneLine(run([cmd, root, ...extra, '--state-dir', path.join(file, 'below')]), /^cachesweep: --state-dir: .*\/state-file\/below cannot be created: .*\/state-file is a regular file/);
    }
    expect(fs.readdirSync(root)).toEqual(['old']);
  });

  it('a --report or --metrics-file that is a FIFO or a device is refused before anything is scanned', () => {
    oneLine(run(['plan', root, '--state-dir', state, '--metrics-file', path.join(dir, 'fifo')]), /^cachesweep: --metrics-file: .*\/fifo is a FIFO \(named pipe\), not a regular file/);
    const fifoJson = path.join(dir, 'report.json');
    execFileSync('mkfifo', [fifoJson]);
    oneLine(run(['plan', root, '--state-dir', state, '--report', fifoJson]), /^cachesweep: --report: .*\/report\.json is a FIFO \(named pipe\), not a regular file/);
    expect(fs.statSync(fifoJson).isFIFO()).toBe(true);
  });
});
