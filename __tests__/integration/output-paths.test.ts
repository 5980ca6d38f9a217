/**
 * A --report or --metrics-file that cannot be written is found before anything is deleted: exit 2, one line
 * naming the flag, the file and why, every entry still there. (It was found after the deletions: the cache was
 * cleaned, the report missing, exit 1.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run.js';

const DAY = 86_400_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-outputs-'));
fs.chmodSync(tmp, 0o755);
const immutable: string[] = [];
afterAll(() => {
  for (const d of immutable) execFileSync('chattr', ['-i', d]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
/** Three files idle for 30 days, in a cache and a state directory anyone may write (only the output may fail). */
function cache(): { dir: string; state: string } {
  const dir = path.join(tmp, `cache${n++}`);
  fs.mkdirSync(dir, { mode: 0o777 });
  fs.chmodSync(dir, 0o777);
  const old = new Date(Date.now() - 30 * DAY);
  for (const f of ['a', 'b', 'c']) {
    fs.writeFileSync(path.join(dir, f), 'x'.repeat(4096), { mode: 0o666 });
    fs.utimesSync(path.join(dir, f), old, old);
  }
  const state = path.join(tmp, `state${n++}`);
  fs.mkdirSync(state, { mode: 0o777 });
  fs.chmodSync(state, 0o777);
  return { dir, state };
}

/** A directory nobody may write in, root included (chattr +i), as on a read-only filesystem. */
function lockedDir(): string {
  const d = path.join(tmp, `locked${n++}`);
  fs.mkdirSync(d);
  execFileSync('chattr', ['+i', d]);
  immutable.push(d);
  return d;
}

const files = (dir: string): string[] => fs.readdirSync(dir).sort();
const asRoot = process.getuid?.() === 0 ? test : test.skip;

asRoot('--metrics-file in a directory that cannot be written: clean exits 2 and deletes nothing', async () => {
  const { dir, state } = cache();
  const out = lockedDir();
  const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--metrics-file', path.join(out, 'cachesweep.prom')], { stateDir: state });
  expect(r.stderr).toBe(`cachesweep: --metrics-file: ${path.join(out, 'cachesweep.prom')}: cannot write in ${out} (EPERM); give a directory this user may write\n`);
  expect(r.code).toBe(2);
  expect(files(dir)).toEqual(['a', 'b', 'c']);
  expect(files(out)).toEqual([]);
});

asRoot('--report in a directory this user may not write: clean as another user exits 2 and deletes nothing', async () => {
  const { dir, state } = cache();
  const out = path.join(tmp, `root-owned${n++}`);
  fs.mkdirSync(out, { mode: 0o755 });
  const nobody = {
    uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
  };
  const report = path.join(out, 'plan.html');
  const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--report', report], { stateDir: state, user: nobody });
  expect(r.stderr).toBe(`cachesweep: --report: ${report}: cannot write in ${out} (EACCES); give a directory this user may write\n`);
  expect(r.code).toBe(2);
  expect(files(dir)).toEqual(['a', 'b', 'c']);
  // the same run with a directory it may write cleans, and writes the report
  fs.chmodSync(out, 0o777);
  const ok = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--report', report, '--quiet'], { stateDir: state, user: nobody });
  expect(ok).toMatchObject({ code: 0, stderr: '' });
  expect(files(dir)).toEqual([]);
  expect(fs.existsSync(report)).toBe(true);
});

asRoot('plan says so too, before scanning', async () => {
  const { dir, state } = cache();
  const out = lockedDir();
  const r = await runCli(['plan', dir, '--no-config', '--report', path.join(out, 'p.json')], { stateDir: state });
  expect(r).toMatchObject({ code: 2, stdout: '' });
  expect(r.stderr).toMatch(/^cachesweep: --report: .*p\.json: cannot write in .* \(EPERM\); give a directory this user may write\n$/);
});

test('--metrics-file naming a file that is not cachesweep metrics: exit 2, the file and the cache unchanged, even with --dry-run', async () => {
  // It was replaced whole, by a dry run too: `--metrics-file /etc/passwd` as root would have been.
  const { dir, state } = cache();
  const other = path.join(tmp, `passwd${n++}`);
  fs.writeFileSync(other, 'root:x:0:0:root:/root:/bin/bash\n');
  for (const extra of [[], ['--dry-run']]) {
    const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--metrics-file', other, ...extra], { stateDir: state });
    expect({ code: r.code, err: r.stderr }).toEqual({
      code: 2,
      err: `cachesweep: --metrics-file: ${other} exists and is not cachesweep's metrics file; it would be replaced: give another name, or remove it\n`,
    });
  }
  expect(fs.readFileSync(other, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  expect(files(dir)).toEqual(['a', 'b', 'c']);
});

test('--metrics-file over its own earlier file, or an empty one made ahead: written', async () => {
  const { dir, state } = cache();
  const prom = path.join(tmp, `cachesweep${n++}.prom`);
  fs.writeFileSync(prom, '');
  for (let i = 0; i < 2; i++) {
    const r = await runCli(['plan', dir, '--max-age', '1d', '--no-config', '--metrics-file', prom], { stateDir: state });
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readFileSync(prom, 'utf8')).toMatch(/^# HELP cachesweep_/);
  }
});
