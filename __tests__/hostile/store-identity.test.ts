/**
 * Issue 12, cases 10 and 11. An emptied store lost its pins: `: > STATE/usage.db`, and the next clean deleted a pinned
 * entry, exit 0, no warning. Now the store has an identity kept beside it (usage.db.id): an emptied, missing or
 * replaced store is exit 2 for every command until `cachesweep store reset`, which keeps the old file aside. And a
 * `touch` recorded after the plan saves its entry at the re-check (with --no-atime the only sign of use).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { assertBuilt, runCli, startCli } from '../helpers/run.js';

beforeAll(assertBuilt);

function setup(): { root: string; state: string; db: string } {
  const dir = tempDir('cachesweep-identity-');
  const root = path.join(dir, 'cache');
  fs.mkdirSync(root);
  for (const name of ['pinned', 'other']) writeFile(path.join(root, name), 8192, { mtimeMs: ago(3 * DAY) });
  const state = path.join(dir, 'state');
  return { root, state, db: path.join(state, 'usage.db') };
}

const clean = (root: string, state: string) => runCli(['clean', root, '--max-age', '1h'], { stateDir: state });

async function pinned(): Promise<{ root: string; state: string; db: string }> {
  const s = setup();
  expect((await runCli(['pin', s.root, 'pinned'], { stateDir: s.state })).code).toBe(0);
  expect(fs.existsSync(`${s.db}.id`)).toBe(true);
  return s;
}

describe('a store that remembers being a store (hostile case 10)', () => {
  it.each([
    ['emptied (: > usage.db)', (db: string) => fs.writeFileSync(db, ''), /is empty, but .*usage\.db\.id says store [0-9a-f]{32} \(created .*\) was here/],
    ['deleted', (db: string) => fs.rmSync(db), /is missing, but .*usage\.db\.id says store [0-9a-f]{32}/],
  ])('%s: plan, clean, pin and status stop with exit 2; the pinned entry stays', async (_what, damage, message) => {
    const { root, state, db } = await pinned();
    damage(db);
    for (const args of [['clean', root, '--max-age', '1h'], ['plan', root], ['status', root], ['pin', root, 'other']]) {
      const r = await runCli(args, { stateDir: state });
      expect([args[0], r.code]).toEqual([args[0], 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/`cachesweep store reset --state-dir .*\/state`\n$/);
    }
    expect(fs.readdirSync(root).sort()).toEqual(['other', 'pinned']);
  });

  it("replaced by another store's file: exit 2 naming both stores", async () => {
    const a = await pinned();
    const b = await pinned();
    fs.copyFileSync(b.db, a.db);
    const r = await clean(a.root, a.state);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage\.db is store [0-9a-f]{32}, but .*usage\.db\.id says store [0-9a-f]{32} .* \(replaced by another file\?\)/);
    expect(fs.readdirSync(a.root).sort()).toEqual(['other', 'pinned']);
  });

  it('store reset keeps the old files aside and starts afresh; the store is then new, and says so', async () => {
    const { root, state, db } = await pinned();
    fs.writeFileSync(db, '');
    const r = await runCli(['store', 'reset'], { stateDir: state });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^moved the usage store .*\/usage\.db aside to .*\/usage\.db\.\d{8}T\d{6}Z, with usage\.db\.\d{8}T\d{6}Z\.id\ncreated a new empty usage store .*\/usage\.db \(store [0-9a-f]{32}\)\n$/);
    const aside = fs.readdirSync(state).filter((n) => /^usage\.db\.\d{8}T\d{6}Z$/.test(n));
    expect(aside).toHaveLength(1);
    expect(fs.statSync(path.join(state, aside[0]!)).size).toBe(0);
    const c = await clean(root, state);
    expect(c.code).toBe(0);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('store reset of a healthy store keeps it whole (its WAL folded in), with its pins', async () => {
    const { state } = await pinned();
    const r = await runCli(['store', 'reset'], { stateDir: state });
    expect(r.stdout).toMatch(/\(store [0-9a-f]{32}: 1 pins, 0 entries\)/);
    const aside = fs.readdirSync(state).filter((n) => n.startsWith('usage.db.2'));
    expect(aside.sort()).toEqual([expect.stringMatching(/^usage\.db\.\d{8}T\d{6}Z$/), expect.stringMatching(/^usage\.db\.\d{8}T\d{6}Z\.id$/)]);
  });
});

describe('a touch after the plan (hostile case 11)', () => {
  it('with --no-atime, a hit recorded between the plan and the deletion keeps its entry', async () => {
    const { root, state } = setup();
    const hold = path.join(path.dirname(root), 'hold');
    fs.mkdirSync(hold);
    const run = startCli(['clean', root, '--max-age', '1h', '--no-atime', '--hold-before-apply', hold], { stateDir: state });
    while (!fs.existsSync(path.join(hold, 'planned'))) await new Promise((r) => setTimeout(r, 20));
    expect((await runCli(['touch', root, 'pinned'], { stateDir: state })).code).toBe(0);
    fs.writeFileSync(path.join(hold, 'go'), '');
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/skipped pinned: still in use: used after the plan was made \(cachesweep touch at \d{4}-/);
    expect(fs.readdirSync(root)).toEqual(['pinned']);
  });
});
