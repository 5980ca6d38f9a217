/**
 * Issue 12, case 7, through the built binary on real hard links: A and B share one 9.5 MiB inode, C and D hold 1 MiB
 * each. Before the fix both A and B showed 0 B, a plan for --threshold 10M --target 9M evicted all four entries,
 * claimed a shortfall and reported 1.9 MiB freed where 11.5 MiB went.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { assertBuilt, describeRun, parseJson, runCli } from '../helpers/run.js';
import { DAY, MiB } from '../helpers/units.js';


function pairCache(): { root: string; state: string; outside: string } {
  const base = tempDir('cachesweep-links-');
  const root = path.join(base, 'cache');
  const state = path.join(base, 'state');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  writeFile(path.join(root, 'A'), 9.5 * MiB, { mtimeMs: ago(9 * DAY) });
  fs.linkSync(path.join(root, 'A'), path.join(root, 'B'));
  writeFile(path.join(root, 'C'), MiB, { mtimeMs: ago(8 * DAY) });
  writeFile(path.join(root, 'D'), MiB, { mtimeMs: ago(7 * DAY) });
  return { root, state, outside };
}

beforeAll(assertBuilt);

describe('hard links between entries (hostile case 7)', () => {
  it('plans the pair as one group that frees its inode once, and evicts just enough', async () => {
    const { root, state } = pairCache();
    const r = await runCli(['plan', root, '--strategy', 'lru', '--threshold', '10M', '--target', '9M', '--json'], { stateDir: state });
    expect(r.code).toBe(0);
    const doc = parseJson(r);
    const by = Object.fromEntries(doc.entries.map((e: any) => [e.name, e]));
    expect(by.A).toEqual(expect.objectContaining({ decision: 'evict', bytes: 9.5 * MiB, linkGroup: 'A' }));
    expect(by.B).toEqual(expect.objectContaining({ decision: 'evict', bytes: 9.5 * MiB, linkGroup: 'A' }));
    expect(by.C).toEqual(expect.objectContaining({ decision: 'keep', reason: 'target-met' }));
    expect(by.C.linkGroup).toBeUndefined();
    expect(doc.summary.evictBytes).toBe(9.5 * MiB);
    expect(doc.summary.shortfallBytes).toBe(0);
  });

  it('clean deletes the pair, reports exactly the 9.5 MiB freed, and the disk agrees', async () => {
    const { root, state } = pairCache();
    const r = await runCli(['clean', root, '--strategy', 'lru', '--threshold', '10M', '--target', '9M', '--json'], { stateDir: state });
    expect(r.code).toBe(0);
    const doc = parseJson(r);
    expect(doc.applied.deleted.sort()).toEqual(['A', 'B']);
    expect(doc.applied.freedBytes).toBe(9.5 * MiB);
    expect(fs.readdirSync(root).sort()).toEqual(['C', 'D']);
  });

  it('keeps a pair whose partner is pinned (linked), since evicting one name frees nothing', async () => {
    const { root, state } = pairCache();
    const pin = await runCli(['pin', root, 'B'], { stateDir: state });
    expect(pin.code).toBe(0);
    const r = await runCli(['clean', root, '--strategy', 'lru', '--threshold', '10M', '--target', '9M', '--json'], { stateDir: state });
    const doc = parseJson(r);
    const by = Object.fromEntries(doc.entries.map((e: any) => [e.name, e]));
    expect(by.A).toEqual(expect.objectContaining({ decision: 'keep', reason: 'linked' }));
    expect(by.A.detail).toMatch(/B/);
    expect(by.B).toEqual(expect.objectContaining({ decision: 'keep', reason: 'pinned' }));
    // C and D cannot reach the target either: the plan says so rather than pretending
    expect(r.code).toBe(5);
    expect(doc.summary.shortfallBytes).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(root, 'A'))).toBe(true);
    expect(describeRun(r)).toContain('SHORTFALL');
  });

  it('counts an inode with a link outside the cache as freeing nothing', async () => {
    const { root, state, outside } = pairCache();
    fs.linkSync(path.join(root, 'C'), path.join(outside, 'C-link'));
    const r = await runCli(['plan', root, '--strategy', 'lru', '--threshold', '10M', '--target', '9M', '--json'], { stateDir: state });
    const by = Object.fromEntries(parseJson(r).entries.map((e: any) => [e.name, e]));
    expect(by.C.bytes).toBe(0);
    expect(by.C.linkGroup).toBeUndefined();
  });
});
