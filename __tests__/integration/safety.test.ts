import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';
import { expectPlanDocument, type PlanJson } from '../helpers/json.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// A clean of a cache holding links out of it and filesystems mounted in it: nothing outside the root is
// touched (not even read: strictatime), symlink entries and entries holding mount points are kept `unknown`.
let fsys: Tmpfs;
const inner: Tmpfs[] = [];
const binds: string[] = [];
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 64, strictatime: true });
});
afterAll(() => {
  for (const b of binds.reverse()) execFileSync('umount', [b]);
  for (const m of inner) m.unmount();
  fsys?.unmount();
});

it('never follows a symlink, never crosses a mount point, and keeps such entries as unknown', async () => {
  const now = Date.now();
  const t = { mtimeMs: ago(10 * DAY, now), atimeMs: ago(10 * DAY, now) };
  const root = path.join(fsys.dir, 'cache');
  const outside = path.join(fsys.dir, 'outside');
  makeTree(fsys.dir, {
    outside: {
      dir: {
        target: { size: 100_000, ...t },
        tdir: { dir: { inside: { size: 100_000, ...t } }, ...t },
        bound: { dir: { precious: { size: 100_000, ...t } }, ...t },
      },
    },
    cache: {
      dir: {
        plain: { size: 10_000, ...t },
        'has-link': { dir: { own: { size: 10_000, ...t } }, ...t },
        'has-mount': { dir: { own: { size: 10_000, ...t }, mnt: { dir: {}, ...t } }, ...t },
        mountpoint: { dir: {}, ...t },
        'has-bind': { dir: { own: { size: 10_000, ...t }, b: { dir: {}, ...t } }, ...t },
      },
    },
  });
  const lt = (p: string) => fs.lutimesSync(p, t.atimeMs / 1000, t.mtimeMs / 1000);
  fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'link-file'));
  fs.symlinkSync('../outside/tdir', path.join(root, 'link-dir'));
  fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'has-link', 'l'));
  for (const l of ['link-file', 'link-dir', 'has-link/l']) lt(path.join(root, l));
  fs.utimesSync(path.join(root, 'has-link'), t.atimeMs / 1000, t.mtimeMs / 1000);

  inner.push(mountTmpfs({ sizeMb: 4, strictatime: true, at: path.join(root, 'has-mount', 'mnt') }));
  inner.push(mountTmpfs({ sizeMb: 4, strictatime: true, at: path.join(root, 'mountpoint') }));
  for (const m of inner) writeFile(path.join(m.dir, 'precious'), 100_000, t);
  const bound = path.join(root, 'has-bind', 'b');
  execFileSync('mount', ['--bind', path.join(outside, 'bound'), bound]);
  binds.push(bound);

  const outsideBefore = snapshot(outside);
  const innerBefore = inner.map((m) => snapshot(m.dir));

  const r = await runCli(['clean', root, '--max-age', '1d', '--min-age', '0', '--json']);
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  const doc = parseJson<PlanJson>(r);
  expectPlanDocument(doc, { root, dryRun: false, applied: true });
  const by = Object.fromEntries(doc.entries.map((e) => [e.name, e]));

  expect(doc.applied!.deleted.sort()).toEqual(['has-link', 'plain']);
  for (const n of ['link-file', 'link-dir']) {
    expect(by[n]).toEqual(expect.objectContaining({ decision: 'keep', reason: 'unknown', class: 'symlink' }));
    expect(fs.lstatSync(path.join(root, n)).isSymbolicLink()).toBe(true);
  }
  for (const n of ['has-mount', 'mountpoint', 'has-bind']) {
    expect(by[n]).toEqual(expect.objectContaining({ decision: 'keep', reason: 'unknown' }));
  }
  expect(fs.readdirSync(root).sort()).toEqual(['has-bind', 'has-mount', 'link-dir', 'link-file', 'mountpoint']);
  expect(fs.existsSync(path.join(root, 'has-mount', 'own'))).toBe(true);
  // outside the root, and inside the mounts: every size, inode, mtime and atime as it was
  expect(snapshot(outside)).toEqual(outsideBefore);
  expect(inner.map((m) => snapshot(m.dir))).toEqual(innerBefore);
});
