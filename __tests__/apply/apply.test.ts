import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan, type ApplyHooks } from '../../src/apply/apply.js';
import { removeEntry } from '../../src/apply/remove.js';
import { recheckEntry } from '../../src/apply/recheck.js';
import { scan } from '../../src/scan/scan.js';
import type { Entry } from '../../src/shared/types.js';
import { ago, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { DAY, HOUR } from '../helpers/units.js';
import { evictPlan } from '../helpers/plan.js';
import { mountTmpfs, tmpfsForFile } from '../helpers/tmpfs.js';

// On a strictatime tmpfs: a read since the scan is visible, and a recheck that read files would be caught.
const tmp = tmpfsForFile({ sizeMb: 32, strictatime: true });
const { freshDir } = tmp;

const old = () => ({ mtimeMs: ago(3 * DAY), atimeMs: ago(2 * DAY) });
const hooks = (extra: Partial<ApplyHooks> = {}): ApplyHooks => ({ rootDev: tmp.fsys.dev, stopReason: () => null, ...extra });
const entryOf = (root: string, name: string): Entry => scan(root).entries.find((e) => e.name === name)!;

describe('applyPlan', () => {
  it('deletes the victims in order and nothing else', async () => {
    const root = freshDir('plain');
    makeTree(root, { a: { size: 1_000, ...old() }, b: { dir: { x: { size: 2_000, ...old() } }, ...old() }, keep: { size: 500, ...old() } });
    const r = scan(root);
    const order: string[] = [];
    const applied = await applyPlan(evictPlan(r, ['b', 'a']), hooks({ onOutcome: (v, o) => order.push(`${v.entry.name}:${o}`) }));
    expect(applied.deleted).toEqual(['b', 'a']);
    expect(order).toEqual(['b:deleted', 'a:deleted']);
    expect(applied.skipped).toEqual([]);
    expect(applied.failed).toEqual([]);
    expect(applied.interrupted).toBe(false);
    expect(applied.freedBytes).toBe(r.entries.filter((e) => e.name !== 'keep').reduce((s, e) => s + e.bytes, 0));
    expect(fs.readdirSync(root)).toEqual(['keep']);
  });

  it('re-checks every victim and skips one that vanished, grew, was replaced, modified or read since the scan', async () => {
    const root = freshDir('recheck');
    makeTree(root, {
      ok: { size: 4_000, ...old() },
      okdir: { dir: { f: { size: 4_000, ...old() } }, ...old() },
      vanished: { size: 4_000, ...old() },
      grew: { size: 4_000, ...old() },
      replaced: { size: 4_000, ...old() },
      modified: { size: 4_000, ...old() },
      read: { size: 4_000, ...old() },
      dirread: { dir: { inner: { dir: { f: { size: 4_000, ...old() } }, ...old() } }, ...old() },
      dirgrew: { dir: { f: { size: 4_000, ...old() } }, ...old() },
      diradded: { dir: { f: { size: 4_000, ...old() } }, ...old() },
      kind: { size: 4_000, ...old() },
    });
    const p = (name: string) => path.join(root, name);
    const r = scan(root);
    const plan = evictPlan(r, r.entries.map((e) => e.name));

    // what happens between the scan and the deletion
    fs.unlinkSync(p('vanished'));
    fs.appendFileSync(p('grew'), 'more');
    writeFile(p('replaced.new'), 4_000, old()); // same name, size and times: only the inode differs
    fs.renameSync(p('replaced.new'), p('replaced'));
    fs.writeFileSync(p('modified'), Buffer.alloc(4_000, 7)); // same size, new mtime
    fs.readFileSync(p('read')); // atime only
    fs.readFileSync(path.join(p('dirread'), 'inner', 'f'));
    fs.appendFileSync(path.join(p('dirgrew'), 'f'), 'x');
    writeFile(path.join(p('diradded'), 'g'), 0, old());
    fs.utimesSync(p('diradded'), ago(3 * DAY) / 1000, ago(3 * DAY) / 1000); // hide the directory's own mtime change
    fs.unlinkSync(p('kind'));
    fs.mkdirSync(p('kind'));

    const applied = await applyPlan(plan, hooks());
    expect(applied.deleted.sort()).toEqual(['ok', 'okdir']);
    expect(applied.failed).toEqual([]);
    const why = Object.fromEntries(applied.skipped.map((s) => [s.name, s.why]));
    expect(Object.keys(why).sort()).toEqual(['diradded', 'dirgrew', 'dirread', 'grew', 'kind', 'modified', 'read', 'replaced', 'vanished']);
    expect(why.vanished).toMatch(/vanished/);
    expect(why.grew).toMatch(/size changed/);
    expect(why.replaced).toMatch(/replaced|new inode/);
    expect(why.modified).toMatch(/modified/);
    expect(why.read).toMatch(/read since the scan/);
    expect(why.dirread).toMatch(/read since the scan/);
    expect(why.dirgrew).toMatch(/size changed/);
    expect(why.diradded).toMatch(/added or removed/);
    expect(why.kind).toMatch(/replaced|kind/);
    for (const name of Object.keys(why)) if (name !== 'vanished') expect(fs.existsSync(p(name))).toBe(true);
    expect(fs.existsSync(p('ok'))).toBe(false);
    expect(fs.existsSync(p('okdir'))).toBe(false);
  });

  it('re-checking reads nothing: an untouched victim passes and no atime changes', () => {
    const root = freshDir('recheck-reads-nothing');
    makeTree(root, { d: { dir: { a: { size: 9_000, ...old() }, s: { dir: { b: { size: 9_000, ...old() } }, ...old() } }, ...old() } });
    const e = entryOf(root, 'd');
    const before = snapshot(root);
    expect(recheckEntry(e, tmp.fsys.dev)).toBeNull();
    expect(recheckEntry(e, tmp.fsys.dev)).toBeNull();
    expect(snapshot(root)).toEqual(before);
  });

  it('skips a victim in which a filesystem was mounted since the scan', async () => {
    const root = freshDir('mount-appeared');
    makeTree(root, { d: { dir: { mnt: { dir: {} }, a: { size: 10, ...old() } }, ...old() } });
    const r = scan(root);
    const inner = mountTmpfs({ sizeMb: 4, at: path.join(root, 'd', 'mnt') });
    try {
      writeFile(path.join(inner.dir, 'precious'), 100);
      const applied = await applyPlan(evictPlan(r, ['d']), hooks());
      expect(applied.deleted).toEqual([]);
      expect(applied.skipped).toEqual([{ name: 'd', why: 'a mount point appeared inside' }]);
      expect(fs.existsSync(path.join(inner.dir, 'precious'))).toBe(true);
      expect(fs.existsSync(path.join(root, 'd', 'a'))).toBe(true);
    } finally {
      inner.unmount();
    }
  });

  it('skips a victim the usage providers now report in use', async () => {
    const root = freshDir('still-protected');
    makeTree(root, { a: { size: 10, ...old() }, b: { size: 10, ...old() } });
    const r = scan(root);
    const applied = await applyPlan(
      evictPlan(r, ['a', 'b']),
      hooks({ stillProtected: (v) => (v.entry.name === 'a' ? 'still in use: open by pid 42' : null) }),
    );
    expect(applied.deleted).toEqual(['b']);
    expect(applied.skipped).toEqual([{ name: 'a', why: 'still in use: open by pid 42' }]);
    expect(fs.existsSync(path.join(root, 'a'))).toBe(true);
  });

  it('reports a failed deletion and goes on with the rest (injected remove)', async () => {
    const root = freshDir('injected-failure');
    makeTree(root, { a: { size: 10, ...old() }, b: { size: 10, ...old() }, c: { size: 10, ...old() } });
    const r = scan(root);
    const outcomes: string[] = [];
    const applied = await applyPlan(
      evictPlan(r, ['a', 'b', 'c']),
      hooks({
        remove: (root, e) => {
          if (e.name === 'b') throw Object.assign(new Error(`EACCES: permission denied, unlink '${e.path}'`), { code: 'EACCES' });
          removeEntry(root, e);
        },
        onOutcome: (v, o, detail) => outcomes.push(`${v.entry.name}:${o}${detail ? `:${detail}` : ''}`),
      }),
    );
    expect(applied.deleted).toEqual(['a', 'c']);
    expect(applied.failed).toEqual([{ name: 'b', error: expect.stringMatching(/^EACCES/) }]);
    expect(outcomes[1]).toMatch(/^b:failed:EACCES/);
    expect(applied.freedBytes).toBe(r.entries.filter((e) => e.name !== 'b').reduce((s, e) => s + e.bytes, 0));
    expect(fs.readdirSync(root)).toEqual(['b']);
  });

  it('reports a real failure (an immutable file) and goes on with the rest', async () => {
    const root = freshDir('immutable');
    makeTree(root, { a: { size: 10, ...old() }, stuck: { dir: { f: { size: 10, ...old() } }, ...old() }, c: { size: 10, ...old() } });
    const r = scan(root);
    const f = path.join(root, 'stuck', 'f');
    execFileSync('chattr', ['+i', f]);
    try {
      const applied = await applyPlan(evictPlan(r, ['a', 'stuck', 'c']), hooks());
      expect(applied.deleted).toEqual(['a', 'c']);
      expect(applied.failed).toEqual([{ name: 'stuck', error: expect.stringMatching(/^EPERM/) }]);
      expect(fs.existsSync(f)).toBe(true);
    } finally {
      execFileSync('chattr', ['-i', f]);
    }
  });

  it('stops before the next victim once stopReason says so, and reports the rest as skipped', async () => {
    const root = freshDir('stop');
    makeTree(root, { a: { size: 10, ...old() }, b: { size: 10, ...old() }, c: { size: 10, ...old() } });
    const r = scan(root);
    let deletions = 0;
    const applied = await applyPlan(
      evictPlan(r, ['a', 'b', 'c']),
      hooks({
        stopReason: () => (deletions >= 1 ? 'stopped by SIGTERM' : null),
        onOutcome: (_v, o) => {
          if (o === 'deleted') deletions++;
        },
      }),
    );
    expect(applied.interrupted).toBe(true);
    expect(applied.deleted).toEqual(['a']);
    expect(applied.skipped).toEqual([
      { name: 'b', why: 'stopped by SIGTERM' },
      { name: 'c', why: 'stopped by SIGTERM' },
    ]);
    expect(fs.readdirSync(root).sort()).toEqual(['b', 'c']);
  });

  it('removes a symlink inside a victim without touching its target', async () => {
    const base = freshDir('symlink-victim');
    makeTree(base, {
      outside: { dir: { target: { size: 50_000, mtimeMs: ago(DAY), atimeMs: ago(HOUR) } } },
      cache: { dir: { d: { dir: { a: { size: 10, ...old() } }, ...old() } } },
    });
    const root = path.join(base, 'cache');
    fs.symlinkSync(path.join(base, 'outside', 'target'), path.join(root, 'd', 'link'));
    fs.lutimesSync(path.join(root, 'd', 'link'), ago(3 * DAY) / 1000, ago(3 * DAY) / 1000);
    fs.utimesSync(path.join(root, 'd'), ago(3 * DAY) / 1000, ago(3 * DAY) / 1000);
    const r = scan(root);
    const before = snapshot(path.join(base, 'outside'));
    const applied = await applyPlan(evictPlan(r, ['d']), hooks());
    expect(applied.deleted).toEqual(['d']);
    expect(snapshot(path.join(base, 'outside'))).toEqual(before);
  });
});
