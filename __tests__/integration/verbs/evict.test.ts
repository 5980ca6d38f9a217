/**
 * `cachesweep evict`: named entries through clean's own path, on real trees through the built binary. Refusals come
 * from real holders (a process with the file open, a qcow2 disk backing onto a Nova base image), the store's pins,
 * partial downloads and file times; `history` and the store show what was deleted, and how.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ago, makeCache, tempDir } from '../../helpers/cache.js';
import { DAY } from '../../helpers/units.js';
import { cleanup, holdOpen, qcow2Over, rawImage, type Held } from '../../helpers/in-use.js';
import { describeRun, parseJson, runCli } from '../../helpers/run.js';

afterAll(cleanup);

const old = { size: 8192, mtimeMs: ago(10 * DAY) };
const held: Held[] = [];
afterEach(async () => {
  for (const h of held.splice(0)) await h.stop();
});

interface Doc {
  exitCode: number;
  entries: { name: string; decision: string; reason: string; detail: string | null }[];
}

const names = (dir: string): string[] => fs.readdirSync(dir).sort();
const stateOf = (): string => path.join(tempDir('cachesweep-state-'), 'state');

describe('evict NAME...', () => {
  it('deletes what may go, refuses an open, pinned or partial entry with its reason and exit 4, and records the deletion', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img': old, 'c.img': old, 'd.img.part': { size: 100 }, 'e.img': old });
    const state = stateOf();
    expect((await runCli(['pin', cache, 'c.img'], { stateDir: state })).code).toBe(0);
    held.push(await holdOpen(path.join(cache, 'b.img')));
    const r = await runCli(['evict', cache, 'a.img', 'b.img', 'c.img', 'd.img.part', '--json'], { stateDir: state });
    expect(r.code).toBe(4);
    const doc = parseJson<Doc>(r);
    const by = (n: string) => doc.entries.find((e) => e.name === n)!;
    expect(by('a.img')).toMatchObject({ decision: 'evict', reason: 'requested', detail: 'named' });
    expect(by('b.img')).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by('c.img')).toMatchObject({ decision: 'keep', reason: 'pinned' });
    expect(by('d.img.part')).toMatchObject({ decision: 'keep', reason: 'partial' });
    expect(by('e.img')).toMatchObject({ decision: 'keep', reason: 'not-requested' });
    expect(doc.exitCode).toBe(4);
    expect(names(cache)).toEqual(['b.img', 'c.img', 'd.img.part', 'e.img']);
    const h = await runCli(['history', cache, '--json'], { stateDir: state });
    expect(JSON.stringify(parseJson(h))).toContain('"a.img"');
    const db = new Database(path.join(state, 'usage.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT name, reason, strategy, how FROM evictions').all()).toEqual([{ name: 'a.img', reason: 'requested', strategy: 'manual', how: 'manual' }]);
      expect(db.prepare('SELECT outcome, how FROM deletion_intents').all()).toEqual([{ outcome: 'deleted', how: 'manual' }]);
    } finally {
      db.close();
    }
  });

  it('every entry it may delete goes: exit 0; the rest of the cache is untouched, whatever its age', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img': old, dir: { dir: { x: old }, mtimeMs: ago(10 * DAY) } });
    const r = await runCli(['evict', cache, 'a.img', `${cache}/dir`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^a\.img .* evict +requested: named$/m);
    expect(r.stdout).not.toMatch(/^b\.img/m); // the table lists what was asked for
    expect(r.stdout).toMatch(/^evict 2 of 3 entries/m);
    expect(names(cache)).toEqual(['b.img']);
  });

  it('refuses a Nova base image a qcow2 disk backs onto (in use), and deletes the unused one', async () => {
    const top = tempDir();
    const inst = path.join(top, 'instances');
    const base = path.join(inst, '_base');
    fs.mkdirSync(base, { recursive: true });
    const [A, B] = ['a', 'b'].map((s) => createHash('sha1').update(s).digest('hex')) as [string, string];
    rawImage(path.join(base, A));
    rawImage(path.join(base, B));
    qcow2Over(path.join(inst, 'u1', 'disk'), path.join(base, A), 'raw');
    for (const n of [A, B]) fs.utimesSync(path.join(base, n), ago(10 * DAY) / 1000, ago(10 * DAY) / 1000);
    const r = await runCli(['evict', base, A, B, '--layout', 'nova', '--instances-dir', inst, '--json']);
    expect(r.code).toBe(4);
    const doc = parseJson<Doc>(r);
    expect(doc.entries.find((e) => e.name === A)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(doc.entries.find((e) => e.name === A)!.detail).toMatch(/backing file of instances\/u1\/disk/);
    expect(fs.existsSync(path.join(base, A))).toBe(true);
    expect(fs.existsSync(path.join(base, B))).toBe(false);
  });

  it('a name or a glob that selects nothing: exit 2, one line, nothing deleted (not even what the other names select)', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img': old });
    for (const args of [['a.img', 'nope.img'], ['--match', 'a*', '--match', 'zz*'], ['--match', 'q[']]) {
      const r = await runCli(['evict', cache, ...args]);
      expect([r.code, r.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/^cachesweep: /)]]);
    }
    for (const args of [[], ['--all', 'a.img'], ['--all', '--match', 'a*']]) expect((await runCli(['evict', cache, ...args])).code).toBe(2);
    expect(names(cache)).toEqual(['a.img', 'b.img']);
  });

  it('--match selects by glob as --protect does; --protect still holds a matched entry back (exit 4)', async () => {
    const cache = makeCache({ 'gold-1.img': old, 'tmp-1.img': old, 'tmp-2.img': old, 'tmp-keep.img': old });
    const r = await runCli(['evict', cache, '--match', 'tmp-*', '--protect', '*keep*']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^tmp-keep\.img .* keep +protected/m);
    expect(names(cache)).toEqual(['gold-1.img', 'tmp-keep.img']);
  });

  it('too young: kept (exit 4) unless --force-young, which overrides nothing else; never from the environment', async () => {
    const cache = makeCache({ 'new.img': { size: 4096 }, 'pinned-new.img': { size: 4096 } });
    const state = stateOf();
    await runCli(['pin', cache, 'pinned-new.img'], { stateDir: state });
    const young = await runCli(['evict', cache, 'new.img'], { stateDir: state, env: { CACHESWEEP_FORCE_YOUNG: '1' } });
    expect(young.code).toBe(4);
    expect(young.stdout).toMatch(/^new\.img .* keep +too-young/m);
    expect(young.stderr).toContain('CACHESWEEP_FORCE_YOUNG is ignored: --force-young is accepted on the command line only');
    const forced = await runCli(['evict', cache, 'new.img', 'pinned-new.img', '--force-young'], { stateDir: state });
    expect(forced.code).toBe(4);
    expect(forced.stdout).toMatch(/^pinned-new\.img .* keep +pinned/m);
    expect(names(cache)).toEqual(['pinned-new.img']);
  });

  it('--dry-run changes nothing (no file, no time stamp, no state) and exits as the run would', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img.part': { size: 10 } });
    const before = fs.readdirSync(cache).map((n) => [n, fs.statSync(path.join(cache, n)).atimeMs, fs.statSync(path.join(cache, n)).mtimeMs]);
    const r = await runCli(['evict', cache, 'a.img', 'b.img.part', '--dry-run']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^would evict 1 of 2 entries/m);
    expect(fs.readdirSync(cache).map((n) => [n, fs.statSync(path.join(cache, n)).atimeMs, fs.statSync(path.join(cache, n)).mtimeMs])).toEqual(before);
    expect(fs.existsSync(r.stateDir!)).toBe(false);
  });

  it('exits 3 while another run holds the cache\'s lock, deleting nothing; a dry run still plans; then it runs', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img': old });
    const state = stateOf();
    const hold = tempDir('cachesweep-hold-');
    const { startCli } = await import('../../helpers/run.js');
    // A real evict of b.img, stopped between its plan and its first deletion: it holds the per-cache lock.
    const first = startCli(['evict', cache, 'b.img', '--hold-before-apply', hold], { stateDir: state });
    while (!fs.existsSync(path.join(hold, 'planned'))) await new Promise((res) => setTimeout(res, 20));
    try {
      for (const args of [['evict', cache, 'a.img'], ['evict', cache, '--all'], ['clean', cache, '--max-age', '1d']]) {
        const r = await runCli(args, { stateDir: state });
        expect([args, r.code, r.stderr]).toEqual([args, 3, expect.stringMatching(/^cachesweep: another cachesweep run holds the lock on .*; try again when it has finished\n$/)]);
      }
      expect(names(cache)).toEqual(['a.img', 'b.img']);
      const dry = await runCli(['evict', cache, 'a.img', '--dry-run'], { stateDir: state }); // takes no lock
      expect([dry.code, dry.stdout]).toEqual([0, expect.stringMatching(/^would evict 1 of 2 entries/m)]);
    } finally {
      fs.writeFileSync(path.join(hold, 'go'), '');
    }
    expect((await first.done).code).toBe(0);
    expect((await runCli(['evict', cache, 'a.img'], { stateDir: state })).code).toBe(0);
    expect(names(cache)).toEqual([]);
  });

  it('an entry changed between the plan and its deletion is skipped at the re-check: exit 4', async () => {
    const cache = makeCache({ 'a.img': old });
    const hold = tempDir('cachesweep-hold-');
    const { startCli } = await import('../../helpers/run.js');
    const run = startCli(['evict', cache, 'a.img', '--hold-before-apply', hold]);
    while (!fs.existsSync(path.join(hold, 'planned'))) await new Promise((res) => setTimeout(res, 20));
    fs.appendFileSync(path.join(cache, 'a.img'), 'more');
    fs.writeFileSync(path.join(hold, 'go'), '');
    const r = await run.done;
    expect([r.code, r.stdout]).toEqual([4, expect.stringMatching(/skipped 1/)]);
    expect(fs.existsSync(path.join(cache, 'a.img'))).toBe(true);
  });
});

describe('evict --all', () => {
  it('leaves exactly what clean would never delete, and writes the metrics and report of any run', async () => {
    const cache = makeCache({
      'old.img': old,
      'dir': { dir: { x: old }, mtimeMs: ago(10 * DAY) },
      'stale.img.part': { size: 100, mtimeMs: ago(3 * DAY) },
      'fresh.img.part': { size: 100 },
      'young.img': { size: 100 },
      'pinned.img': old,
      'protected.img': old,
      'open.img': old,
    });
    fs.symlinkSync('/etc/hostname', path.join(cache, 'link'));
    const state = stateOf();
    await runCli(['pin', cache, 'pinned.img'], { stateDir: state });
    held.push(await holdOpen(path.join(cache, 'open.img')));
    // What clean keeps for safety even when everything idle has expired.
    const plan = parseJson<Doc>(await runCli(['plan', cache, '--strategy', 'age', '--max-age', '1s', '--protect', 'protected.*', '--json'], { stateDir: state }));
    const neverByClean = plan.entries.filter((e) => e.decision === 'keep').map((e) => [e.name, e.reason]);
    expect(neverByClean.map(([, r]) => r).sort()).toEqual(['in-use', 'partial', 'pinned', 'protected', 'too-young', 'unknown']);
    const out = tempDir('cachesweep-out-');
    const r = await runCli(['evict', cache, '--all', '--protect', 'protected.*', '--metrics-file', `${out}/m.prom`, '--report', `${out}/r.json`], { stateDir: state });
    expect(r.code).toBe(0); // nothing was asked for by name: what stays is what may not go
    expect(names(cache)).toEqual(neverByClean.map(([n]) => n!).sort());
    expect(fs.readFileSync(`${out}/m.prom`, 'utf8')).toMatch(/^cachesweep_plan_entries\{.*decision="evict",reason="requested"\} 3$/m);
    expect(JSON.parse(fs.readFileSync(`${out}/r.json`, 'utf8'))).toMatchObject({ strategy: 'manual', exitCode: 0 });
    expect(describeRun(r)).toMatch(/deleted 3 entries/);
  });
});
