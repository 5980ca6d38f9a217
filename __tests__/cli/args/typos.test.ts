/**
 * Typos forgiven without danger: a first word close to a command is refused (exit 2, `did you mean`), never read as
 * the cache directory of the default command (`clean`), even when a directory of that name exists; choice values
 * match ignoring case where unambiguous, and a wrong one names the nearest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/run.js';
import { strategyNames } from '../../../src/policy/registry.js';

const DAY = 86_400_000;
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A directory holding a directory `name` with three files not read for 30 days: what a clean would evict. */
function workDirWithCache(name: string): { cwd: string; cache: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-typos-'));
  tmp.push(cwd);
  const cache = path.join(cwd, name);
  fs.mkdirSync(cache);
  const old = new Date(Date.now() - 30 * DAY);
  for (const f of ['a', 'b', 'c']) {
    fs.writeFileSync(path.join(cache, f), 'x'.repeat(4096));
    fs.utimesSync(path.join(cache, f), old, old);
  }
  return { cwd, cache };
}

describe('a mistyped command', () => {
  test.each([
    ['pln', 'plan'],
    ['plna', 'plan'],
    ['claen', 'clean'],
    ['stauts', 'status'],
  ])("'%s' followed by a cache directory is refused with did you mean '%s'", async (typo, meant) => {
    const { cwd, cache } = workDirWithCache('cache');
    const r = await runCli([typo, cache, '--max-age', '1d'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cachesweep: unknown command '${typo}': did you mean '${meant}'? (see --help)`);
    expect(fs.readdirSync(cache).sort()).toEqual(['a', 'b', 'c']);
  });

  test('never cleans a directory of that name, and says how to clean it explicitly', async () => {
    const { cwd, cache } = workDirWithCache('pln');
    const r = await runCli(['pln', '--max-age', '1d'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("cachesweep: unknown command 'pln': did you mean 'plan'? (to clean the directory 'pln', say so: cachesweep clean ./pln)");
    expect(fs.readdirSync(cache).sort()).toEqual(['a', 'b', 'c']);
    expect(r.stateDir && fs.existsSync(r.stateDir)).toBeFalsy();
  });

  test('the explicit spelling cleans it', async () => {
    const { cwd, cache } = workDirWithCache('pln');
    const r = await runCli(['clean', './pln', '--max-age', '1d'], { cwd });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(cache)).toEqual([]);
  });

  test('a word far from every command is still the default clean of that directory', async () => {
    const { cwd, cache } = workDirWithCache('mycache');
    const r = await runCli(['mycache', '--max-age', '1d', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(cache).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('choice values', () => {
  test('--strategy LRU and --format JSON are lru and json', async () => {
    const { cache } = workDirWithCache('c');
    const r = await runCli(['plan', cache, '--strategy', 'LRU', '--threshold', '99%', '--format', 'JSON']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).strategy).toBe('lru');
  });

  test('--layout GENERIC is generic', async () => {
    const { cache } = workDirWithCache('c');
    const r = await runCli(['plan', cache, '--layout', 'GENERIC', '--max-age', '1d', '--json']);
    expect(r.code).toBe(0);
  });

  test.each([
    [['--strategy', 'lruu'], `cachesweep: --strategy: unknown strategy 'lruu': did you mean 'lru'? (choose ${strategyNames().join(', ')})`],
    [['--format', 'jsno'], "cachesweep: --format: unknown value 'jsno': did you mean 'json'? (choose auto, table, plain, json)"],
    [['--format=yaml'], "cachesweep: --format: unknown value 'yaml' (choose auto, table, plain, json)"],
    [['--log-format', 'TEXT', '--format', 'tabel'], "cachesweep: --format: unknown value 'tabel': did you mean 'table'? (choose auto, table, plain, json)"],
  ])('%j is refused naming the nearest', async (flags, line) => {
    const { cache } = workDirWithCache('c');
    const r = await runCli(['plan', cache, '--max-age', '1d', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(line);
  });
});
