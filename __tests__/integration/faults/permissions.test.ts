import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeCache, makeTree, removeDir, snapshot, tempDir } from '../../helpers/cache.js';
import { describeRun, parseJson, runCli } from '../../helpers/run.js';
import { expectOnlyDeletedGone, nobodyCopy, oldDir, oldFile, runAsNobody } from '../../helpers/faults.js';
import { type PlanJson } from '../../helpers/json.js';
import { requireRoot } from '../../helpers/tmpfs.js';

// What cannot be read or deleted is reported per entry, the run goes on with the others, and it exits 4.
// Permissions are tested as nobody (root reads everything); an immutable file and a read-only bind mount as root.
type Doc = PlanJson;

const made: string[] = [];
const immutable: string[] = [];
const mounted: string[] = [];
afterAll(() => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
  for (const m of mounted.reverse()) execFileSync('umount', [m]);
  made.forEach(removeDir);
});
beforeAll(() => requireRoot('the permission tests (setpriv, chattr, mount --bind)'));

const NOBODY = 65534;

describe('run as nobody', () => {
  let cli: { dir: string; bin: string };
  let root: string;
  let state: string;
  beforeAll(() => {
    cli = nobodyCopy();
    const work = tempDir();
    made.push(cli.dir, work);
    fs.chmodSync(work, 0o755);
    root = path.join(work, 'cache');
    state = path.join(work, 'state');
    fs.mkdirSync(root);
    fs.mkdirSync(state);
    makeTree(root, {
      ok: oldFile(),
      'ok-dir': oldDir(3),
      secret: oldDir(2), // mode 000: cannot be listed
      half: oldDir(2), // one subdirectory cannot be listed
      noexec: oldDir(2), // mode 644: listed, but its files cannot be stat'ed
      'root-owned': oldDir(2), // readable, but nobody may not unlink what is inside
    });
    makeTree(path.join(root, 'half'), { sub: oldDir(1) });
    const chown = (p: string): void => {
      fs.lchownSync(p, NOBODY, NOBODY);
      if (fs.lstatSync(p).isDirectory()) for (const c of fs.readdirSync(p)) chown(path.join(p, c));
    };
    chown(root);
    chown(state);
    for (const d of ['secret', 'half/sub', 'noexec', 'root-owned']) execFileSync('chown', ['-R', 'root:root', path.join(root, d)]);
    fs.chmodSync(path.join(root, 'secret'), 0o000);
    fs.chmodSync(path.join(root, 'half', 'sub'), 0o000);
    fs.chmodSync(path.join(root, 'noexec'), 0o644);
  });
  const unreadable = [
    { entry: 'half', path: 'half/sub', error: 'EACCES' },
    { entry: 'noexec', path: 'noexec/f0', error: 'EACCES' },
    { entry: 'noexec', path: 'noexec/f1', error: 'EACCES' },
    { entry: 'secret', path: 'secret', error: 'EACCES' },
  ];
  const sorted = <T extends { path: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.path.localeCompare(b.path));

  it('plan: an entry that cannot be fully read is kept as unknown and named, one line each; exit 4; nothing changes', async () => {
    const before = snapshot(root);
    const r = await runAsNobody(cli.bin, ['plan', root, '--max-age', '1d', '--state-dir', state, '--json', '--quiet']);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 4, run: describeRun(r) });
    const doc = parseJson<Doc>(r);
    expect(sorted(doc.unreadable)).toEqual(unreadable);
    for (const e of ['secret', 'half', 'noexec']) {
      expect(doc.entries.find((x) => x.name === e)).toEqual(expect.objectContaining({ decision: 'keep', reason: 'unknown' }));
    }
    // --quiet: no warnings, but one error line per path that could not be read
    expect(r.stderr.trim().split('\n').sort()).toEqual(unreadable.map((u) => `cachesweep: cannot read ${u.path}: EACCES (entry ${u.entry} kept)`).sort());
    expect(snapshot(root)).toEqual(before);
    // without --quiet, a warning per path, named from the cache root (an entry it could not list read `cannot read .`)
    const loud = await runAsNobody(cli.bin, ['plan', root, '--max-age', '1d', '--state-dir', state, '--format', 'plain']);
    const lines = loud.stderr.split('\n').filter((l) => l.includes('cannot '));
    expect(lines.sort()).toEqual(unreadable.map((u) => `cachesweep: warning: ${u.entry}: cannot ${u.path.includes('/f') ? 'stat' : 'read'} ${u.path}: EACCES`).sort());
    expect(loud.stdout).toMatch(/^secret .*unknown: not fully readable \(cannot read secret: EACCES\)$/m);
  });

  it('clean: unreadable entries kept, an undeletable one failed, the others deleted; exit 4; nothing else lost', async () => {
    const before = snapshot(root);
    const r = await runAsNobody(cli.bin, ['clean', root, '--max-age', '1d', '--state-dir', state, '--json']);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 4, run: describeRun(r) });
    const doc = parseJson<Doc>(r);
    expect(doc.exitCode).toBe(4);
    expect(sorted(doc.unreadable)).toEqual(unreadable);
    expect([...doc.applied!.deleted].sort()).toEqual(['ok', 'ok-dir']);
    expect(doc.applied!.failed).toEqual([{ name: 'root-owned', error: expect.stringMatching(/^EACCES/) }]);
    expect(doc.applied!.skipped).toEqual([]);
    // one warning line per unreadable path (with its errno), one error line per failed deletion
    const lines = r.stderr.trim().split('\n');
    for (const u of unreadable) {
      expect(lines.filter((l) => l.startsWith(`cachesweep: warning: ${u.entry}: cannot `) && l.endsWith(` ${u.path}: EACCES`))).toHaveLength(1);
    }
    expect(lines.filter((l) => /^cachesweep: failed to delete root-owned: EACCES/.test(l))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expectOnlyDeletedGone(before, snapshot(root), doc.applied!.deleted);
  });
});

describe('run as root', () => {
  it('an immutable file (chattr +i) fails its entry alone, reported; the others are deleted; exit 4', async () => {
    const root = makeCache({ a: oldFile(), stuck: oldFile(), 'stuck-dir': oldDir(1), z: oldDir(2) });
    made.push(root);
    for (const f of [path.join(root, 'stuck'), path.join(root, 'stuck-dir', 'f0')]) {
      execFileSync('chattr', ['+i', f]);
      immutable.push(f);
    }
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 4, run: describeRun(r) });
    const doc = parseJson<Doc>(r);
    expect([...doc.applied!.deleted].sort()).toEqual(['a', 'z']);
    expect([...doc.applied!.failed].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'stuck', error: expect.stringMatching(/^EPERM/) },
      { name: 'stuck-dir', error: expect.stringMatching(/^EPERM/) },
    ]);
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      expect.stringMatching(/^cachesweep: failed to delete stuck-dir: EPERM/),
      expect.stringMatching(/^cachesweep: failed to delete stuck: EPERM/),
    ]);
    expectOnlyDeletedGone(before, snapshot(root), doc.applied!.deleted);
  });

  it('a cache on a read-only bind mount: every victim fails with EROFS, each reported, the run tries them all; exit 4', async () => {
    const root = makeCache({ a: oldFile(), b: oldDir(2), c: oldFile(), young: { size: 10 } });
    made.push(root);
    execFileSync('mount', ['--bind', root, root]);
    mounted.push(root);
    execFileSync('mount', ['-o', 'remount,bind,ro', root]);
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 4, run: describeRun(r) });
    const doc = parseJson<Doc>(r);
    expect(doc.applied!.deleted).toEqual([]);
    expect(doc.applied!.failed.map((f) => f.name).sort()).toEqual(['a', 'b', 'c']);
    for (const f of doc.applied!.failed) expect(f.error).toMatch(/^EROFS/);
    expect(r.stderr.trim().split('\n').sort()).toEqual(['a', 'b', 'c'].map((n) => expect.stringMatching(new RegExp(`^cachesweep: failed to delete ${n}: EROFS`))));
    expect(snapshot(root)).toEqual(before);
  });
});
