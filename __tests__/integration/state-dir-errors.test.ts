/**
 * A state directory (lock, usage store) that cannot be created or written is the user's setup, not a bug: exit 2
 * and one line naming the path and the fix, before anything is deleted (it was `internal error`, exit 1).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run.js';

const DAY = 86_400_000;
const FIX = 'give a state directory this user may write (--state-dir DIR) or a --lock-file, or run as the owner of the cache';
const STORE_FIX = 'give a state directory this user may write (--state-dir DIR), or run as the owner of the cache';
const esc = (s: string): string => s.replace(/[$()[\].*+?^{}|\\]/g, '\\$&');
/** The lock file of a cache in a state directory: `STATE/locks/NAME-HASH`. */
const lockIn = (state: string, dir: string): string => `${esc(path.join(state, 'locks', path.basename(dir)))}-[0-9a-f]{16}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-statedir-'));
fs.chmodSync(tmp, 0o755);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A cache of three files idle for 30 days, writable by everyone (so that only the state directory can fail). */
function cache(): string {
  const dir = path.join(tmp, `cache${n++}`);
  fs.mkdirSync(dir, { mode: 0o777 });
  fs.chmodSync(dir, 0o777);
  const old = new Date(Date.now() - 30 * DAY);
  for (const f of ['a', 'b', 'c']) {
    fs.writeFileSync(path.join(dir, f), 'x'.repeat(4096), { mode: 0o666 });
    fs.utimesSync(path.join(dir, f), old, old);
  }
  return dir;
}

const files = (dir: string): string[] => fs.readdirSync(dir).sort();
const nobody = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })),
});
const asRoot = process.getuid?.() === 0 ? test : test.skip;

describe('a state directory that cannot be made', () => {
  test('a --state-dir below a regular file: exit 2, the file named, nothing deleted', async () => {
    const dir = cache();
    const file = path.join(tmp, `file${n++}`);
    fs.writeFileSync(file, '');
    const state = path.join(file, 'state');
    const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config'], { stateDir: state });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachesweep: --state-dir: ${state} cannot be created: ${file} is a regular file, not a directory; give a directory (it is created when missing)\n`);
    expect(files(dir)).toEqual(['a', 'b', 'c']);
  });

  asRoot('a service account whose HOME does not exist (default state directory): exit 2 naming it', async () => {
    const dir = cache();
    const env = { HOME: '/nonexistent', XDG_STATE_HOME: undefined, CACHESWEEP_STATE_DIR: undefined };
    const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--quiet'], { stateDir: false, env, user: nobody() });
    expect(r.stderr).toMatch(new RegExp(`^cachesweep: cannot lock ${lockIn('/nonexistent/.local/state/cachesweep', dir)}: permission denied \\(EACCES\\); ${esc(FIX)}\n$`));
    expect(r.code).toBe(2);
    expect(files(dir)).toEqual(['a', 'b', 'c']);
  });

  asRoot('an unwritable --state-dir: exit 2 naming it', async () => {
    const dir = cache();
    const ro = path.join(tmp, `ro${n++}`);
    fs.mkdirSync(ro, { mode: 0o555 });
    fs.chmodSync(ro, 0o555);
    const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--quiet'], { stateDir: ro, user: nobody() });
    expect(r.stderr).toMatch(new RegExp(`^cachesweep: cannot lock ${lockIn(ro, dir)}: permission denied \\(EACCES\\); ${esc(FIX)}\n$`));
    expect(r.code).toBe(2);
    expect(files(dir)).toEqual(['a', 'b', 'c']);
  });

  asRoot("a locks directory made by root, then a run by another user: the lock named", async () => {
    const dir = cache();
    const state = path.join(tmp, `state${n++}`);
    fs.mkdirSync(path.join(state, 'locks'), { recursive: true, mode: 0o755 });
    const r = await runCli(['clean', dir, '--max-age', '1d', '--no-config', '--quiet'], { stateDir: state, user: nobody() });
    expect(r.stderr).toMatch(new RegExp(`^cachesweep: cannot lock ${lockIn(state, dir)}: permission denied \\(EACCES\\); ${esc(FIX)}\n$`));
    expect(r.code).toBe(2);
    expect(files(dir)).toEqual(['a', 'b', 'c']);
  });

  asRoot('pin with the usage store in such a directory: exit 2 with the same fix', async () => {
    const dir = cache();
    const ro = path.join(tmp, `ro${n++}`);
    fs.mkdirSync(ro, { mode: 0o555 });
    fs.chmodSync(ro, 0o555);
    const r = await runCli(['pin', dir, 'a', '--no-config'], { stateDir: path.join(ro, 'state'), user: nobody() });
    expect(r.stderr).toMatch(new RegExp(`^cachesweep: usage store ${ro}/state/usage.db cannot be opened or written \\(EACCES: .*\\); ${esc(STORE_FIX)}\\n$`));
    expect(r.code).toBe(2);
  });
});
