import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, removeDir, snapshot, type NodeSpec } from '../helpers/cache.js';
import { DAY, HOUR } from '../helpers/units.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// Entries at any depth (issue 15): --entries files, --depth N, --include, pins and --protect on directories, and the
// containers a clean empties. Every run goes through the built CLI on real trees.

const now = Date.now();
const old = { mtimeMs: ago(10 * DAY, now), atimeMs: ago(10 * DAY, now) };
const fresh = { mtimeMs: ago(HOUR, now), atimeMs: ago(HOUR, now) };
const file = (size: number, t = old): NodeSpec => ({ size, ...t });

/** A sharded cache: `ab/cd/<name>` leaf files, a fresh one among old ones, a file at the top, and an old lone shard. */
function shardedSpec(): Record<string, NodeSpec> {
  return {
    ab: { ...old, dir: { cd: { ...old, dir: { 'x1.bin': file(4000), 'x2.bin': file(5000, fresh) } }, ef: { ...old, dir: { 'x3.bin': file(6000) } } } },
    lone: { ...old, dir: { only: { ...old, dir: { 'x4.bin': file(7000) } } } },
    'top.bin': file(3000),
  };
}

type Planned = { name: string; decision: string; reason: string; kind: string };
const byName = (doc: Record<string, any>): Map<string, Planned> => new Map((doc.entries as Planned[]).map((e) => [e.name, e]));

let roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) removeDir(r);
});
const cache = (spec: Record<string, NodeSpec>): string => {
  const r = makeCache(spec);
  roots.push(r);
  return r;
};

describe('--entries files', () => {
  it('makes every file at any depth an entry, named by its path from the root; directories are never entries', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d', '--json']);
    expect(r.code).toBe(0);
    const got = byName(parseJson(r));
    expect([...got.keys()].sort()).toEqual(['ab/cd/x1.bin', 'ab/cd/x2.bin', 'ab/ef/x3.bin', 'lone/only/x4.bin', 'top.bin']);
    expect(got.get('ab/cd/x2.bin')).toMatchObject({ decision: 'keep', reason: 'not-expired' });
    expect(got.get('ab/cd/x1.bin')).toMatchObject({ decision: 'evict', reason: 'expired', kind: 'file' });
  });

  it('a clean deletes the files and removes the directories it left empty, and only those', async () => {
    const root = cache(shardedSpec());
    fs.mkdirSync(path.join(root, 'was-empty')); // empty before the run: not the clean's doing, left alone
    const r = await runCli(['clean', root, '--entries', 'files', '--max-age', '2d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    const left = [...snapshot(root).keys()].sort();
    expect(left).toEqual(['.', 'ab', 'ab/cd', 'ab/cd/x2.bin', 'was-empty']);
  });

  it('thresholds count the whole cache: a size threshold the entries alone do not reach is reached with the containers', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, '--entries', 'files', '--json']);
    const doc = parseJson(r);
    const entryBytes = (doc.entries as { bytes: number }[]).reduce((s, e) => s + e.bytes, 0);
    // five files, and the five directories that hold them
    expect(doc.before.cacheBytes).toBeGreaterThan(entryBytes);
  });
});

describe('--depth N', () => {
  it('takes the paths N levels down as entries, and what stands shallower as entries of their own', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, '--depth', '2', '--max-age', '2d', '--json']);
    expect(r.code).toBe(0);
    const got = byName(parseJson(r));
    expect([...got.keys()].sort()).toEqual(['ab/cd', 'ab/ef', 'lone/only', 'top.bin']);
    expect(got.get('ab/cd')).toMatchObject({ kind: 'dir', decision: 'keep', reason: 'not-expired' }); // x2.bin is fresh
    expect(got.get('ab/ef')).toMatchObject({ kind: 'dir', decision: 'evict' });
  });

  it('clean removes a shard directory emptied by evicting its last entry, never the root', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['clean', root, '--depth', '2', '--max-age', '2d']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    expect([...snapshot(root).keys()].sort()).toEqual(['.', 'ab', 'ab/cd', 'ab/cd/x1.bin', 'ab/cd/x2.bin']);
    expect(r.stdout).toMatch(/^removed 1 empty directory$/m); // lone/, emptied when lone/only went
  });

  it.each([
    [['--depth', '0'], "--depth: '0' is not a whole number from 1 to 64"],
    [['--depth', '65'], "--depth: '65' is not a whole number from 1 to 64"],
    [['--depth', '2x'], "--depth: '2x' is not a whole number from 1 to 64"],
    [['--depth', '2', '--entries', 'files'], '--entries and --depth: give one, not both'],
  ])('%j is a usage error in one line (exit 2)', async (flags, message) => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, ...flags]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `cachesweep: ${message}\n` });
  });
});

describe('pins, --protect and --include name directories too', () => {
  it('a pin on a directory keeps every entry below it', async () => {
    const root = cache(shardedSpec());
    const pin = await runCli(['pin', root, 'ab'], { stateDir: path.join(root, '..', `${path.basename(root)}-state`) });
    roots.push(pin.stateDir!);
    expect({ code: pin.code, out: pin.stdout }).toEqual({ code: 0, out: 'pinned ab\n' });
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d', '--json'], { stateDir: pin.stateDir! });
    const got = byName(parseJson(r));
    expect(got.get('ab/cd/x1.bin')).toMatchObject({ decision: 'keep', reason: 'pinned' });
    expect(got.get('ab/ef/x3.bin')).toMatchObject({ decision: 'keep', reason: 'pinned' });
    expect(got.get('lone/only/x4.bin')).toMatchObject({ decision: 'evict' });
  });

  it('--protect DIR keeps everything below it; --include keeps what it does not match as excluded', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d', '--protect', 'ab/ef', '--include', 'ab', '--json']);
    const got = byName(parseJson(r));
    expect(got.get('ab/ef/x3.bin')).toMatchObject({ decision: 'keep', reason: 'protected' });
    expect(got.get('ab/cd/x1.bin')).toMatchObject({ decision: 'evict', reason: 'expired' });
    expect(got.get('lone/only/x4.bin')).toMatchObject({ decision: 'keep', reason: 'excluded' });
    expect(got.get('top.bin')).toMatchObject({ decision: 'keep', reason: 'excluded' });
  });

  it('--in-use-from naming a directory keeps every entry below it through a clean', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['clean', root, '--entries', 'files', '--max-age', '2d', '--in-use-from', '-', '--json'], { input: 'ab/cd/\n' });
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    const got = byName(parseJson(r));
    expect(got.get('ab/cd/x1.bin')).toMatchObject({ decision: 'keep', reason: 'in-use' });
    const left = [...snapshot(root).keys()].sort();
    expect(left).toEqual(['.', 'ab', 'ab/cd', 'ab/cd/x1.bin', 'ab/cd/x2.bin']);
  });

  it('--include is repeatable, takes globs, and a malformed one is refused', async () => {
    const root = cache(shardedSpec());
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d', '--include', '**/x3.bin', '--include', '*.bin', '--json']);
    const evicted = (parseJson(r).entries as Planned[]).filter((e) => e.decision === 'evict').map((e) => e.name);
    expect(evicted.sort()).toEqual(['ab/ef/x3.bin', 'top.bin']);
    const bad = await runCli(['plan', root, '--max-age', '2d', '--include', 'x[0-9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^cachesweep: --include: 'x\[0-9' .*it would include nothing\n$/);
  });
});

describe('a dry run at any depth', () => {
  let fsys: Tmpfs;
  beforeAll(() => {
    fsys = mountTmpfs({ sizeMb: 16, strictatime: true });
  });
  afterAll(() => fsys?.unmount());

  it.each([
    ['--entries files', ['--entries', 'files']],
    ['--depth 2', ['--depth', '2']],
    ['--depth 3', ['--depth', '3']],
  ])('%s: plan and clean --dry-run change no file, time or directory, and write no state', async (_n, flags) => {
    const root = makeCache(shardedSpec(), fsys.dir);
    const before = snapshot(fsys.dir);
    for (const cmd of [['plan'], ['clean', '--dry-run']]) {
      const r = await runCli([...cmd, root, ...flags, '--max-age', '2d', '--json']);
      expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
      expect(parseJson(r).summary.evictCount).toBeGreaterThan(0); // applied, it would delete files and empty shards
      expect(snapshot(fsys.dir)).toEqual(before);
      expect(fs.existsSync(r.stateDir!)).toBe(false);
    }
  });
});

describe('what is never taken apart', () => {
  it("--entries files on Nova's instances directory is still refused as the wrong root", async () => {
    const sha = 'a'.repeat(40);
    const root = cache({
      _base: { ...old, dir: { [sha]: file(4000) } },
      locks: { ...old, dir: {} },
      '3f1c2d4e-0000-4000-8000-000000000001': { ...old, dir: { disk: file(4000), 'libvirt.xml': file(100) } },
    });
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: .* is Nova's instances directory; its image cache is .*\/_base\n$/);
  });

  it('a directory below the root that looks like a Nova instance stays one entry, kept whole', async () => {
    const root = cache({ builds: { ...old, dir: { vm1: { ...old, dir: { disk: file(4000), 'console.log': file(100) } } } }, 'x.bin': file(100) });
    const r = await runCli(['plan', root, '--entries', 'files', '--max-age', '2d', '--json']);
    const got = byName(parseJson(r));
    expect([...got.keys()].sort()).toEqual(['builds/vm1', 'x.bin']);
    expect(got.get('builds/vm1')).toMatchObject({ kind: 'dir', decision: 'keep' });
  });
});
