/**
 * `config --print` shows what a run would use, defaults worked out from other settings included (the target from
 * the threshold, the age strategy's max-age, the state directory of whoever runs it), each with where it came from.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseJson, runCli } from '../helpers/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-config-eff-'));
const cache = path.join(tmp, 'cache');
fs.mkdirSync(cache);
const xdg = path.join(tmp, 'xdg');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** No --state-dir and no variable naming one: the default applies (with XDG_STATE_HOME set, when not root). */
const noStateDir = { stateDir: false as const, env: { CACHESWEEP_STATE_DIR: undefined, XDG_STATE_HOME: xdg, CACHESWEEP_CONFIG: undefined } };
const expectedStateDir = process.getuid?.() === 0 ? ['/var/lib/cachesweep', 'default (running as root)'] : [path.join(xdg, 'cachesweep'), 'default ($XDG_STATE_HOME)'];

interface Options {
  options: Record<string, { value: unknown; from: string }>;
}

async function config(...flags: string[]): Promise<Options['options']> {
  const r = await runCli(['config', cache, '--no-config', '--json', ...flags], noStateDir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseJson<Options>(r).options;
}

describe('config --print', () => {
  test('shows the target a percentage threshold implies, and the state directory a run would use', async () => {
    const o = await config('--strategy', 'lru', '--threshold', '80%');
    expect(o.target).toEqual({ value: '75%', from: 'default (--threshold - 5 points)', sources: [{ kind: 'derived', rule: '--threshold - 5 points' }] });
    expect([o['state-dir']!.value, o['state-dir']!.from]).toEqual(expectedStateDir);
    expect(o.threshold).toMatchObject({ value: '80%', from: 'command line' });
  });

  test('a size threshold implies 90% of it; the age strategy its own max-age', async () => {
    const o = await config('--threshold', '10G');
    expect(o.target).toMatchObject({ value: '9.0 GiB', from: 'default (90% of --threshold)' });
    expect(o['max-age']).toMatchObject({ value: '24h', from: 'default (age strategy)' });
  });

  test('values given are shown as given, not replaced by the derived ones', async () => {
    const o = await config('--strategy', 'lru', '--threshold', '80%', '--target', '60%', '--state-dir', path.join(tmp, 'state'));
    expect(o.target).toMatchObject({ value: '60%', from: 'command line' });
    expect(o['state-dir']).toMatchObject({ value: path.join(tmp, 'state'), from: 'command line' });
    expect(o['max-age']).toMatchObject({ value: null, from: 'not set' });
  });

  test('the table says the same', async () => {
    const r = await runCli(['config', cache, '--no-config', '--strategy', 'lru', '--threshold', '80%', '--format', 'plain'], noStateDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^target\s+75%\s+default \(--threshold - 5 points\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^state-dir\\s+${expectedStateDir[0]!.replace(/[$()]/g, '\\$&')}\\s+${expectedStateDir[1]!.replace(/[$()]/g, '\\$&')}$`, 'm'));
  });
});
