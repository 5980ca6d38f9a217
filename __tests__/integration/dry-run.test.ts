import fs from 'node:fs';
import path from 'node:path';
import { ago, makeTree, snapshot, writeFile } from '../helpers/cache.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { DAY, HOUR, MINUTE } from '../helpers/units.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// `plan` and `clean --dry-run` change nothing at all: every file's size, blocks, inode, mtime and atime stay
// as they were (on a strictatime tmpfs, where any read of a file would show), and no state is written.
// Directories' own atimes are left out: listing a directory updates it on strictatime mounts, as `ls` does.
let fsys: Tmpfs;
let root: string;
let outside: string;
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 64, strictatime: true });
  root = path.join(fsys.dir, 'cache');
  outside = path.join(fsys.dir, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  const now = Date.now();
  makeTree(root, {
    'old-big': { size: 3 * 1024 * 1024, mtimeMs: ago(20 * DAY, now), atimeMs: ago(10 * DAY, now) },
    'old-small': { size: 1_000, mtimeMs: ago(9 * DAY, now), atimeMs: ago(8 * DAY, now) },
    olddir: {
      mtimeMs: ago(7 * DAY, now),
      atimeMs: ago(7 * DAY, now),
      dir: {
        a: { size: 200_000, mtimeMs: ago(7 * DAY, now), atimeMs: ago(6 * DAY, now) },
        nested: { mtimeMs: ago(7 * DAY, now), dir: { b: { size: 300_000, mtimeMs: ago(7 * DAY, now), atimeMs: ago(5 * DAY, now) } } },
      },
    },
    'stale.part': { size: 50_000, mtimeMs: ago(3 * DAY, now), atimeMs: ago(3 * DAY, now) },
    'fresh.part': { size: 50_000, mtimeMs: ago(HOUR, now), atimeMs: ago(HOUR, now) },
    young: { size: 70_000, mtimeMs: ago(MINUTE, now), atimeMs: ago(MINUTE, now) },
    recent: { size: 80_000, mtimeMs: ago(3 * HOUR, now), atimeMs: ago(2 * HOUR, now) },
  });
  writeFile(path.join(outside, 'target'), 100_000, { mtimeMs: ago(30 * DAY, now), atimeMs: ago(30 * DAY, now) });
  fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'link'));
  fs.lutimesSync(path.join(root, 'link'), ago(30 * DAY, now) / 1000, ago(30 * DAY, now) / 1000);
  fs.linkSync(path.join(root, 'old-small'), path.join(outside, 'hardlink'));
});
afterAll(() => fsys?.unmount());

// Each run would evict something if it were applied (checked on its JSON below).
// [name, argv, expected exit code]; the disk threshold one cannot reach its 0.1% target: a shortfall, exit 5.
const runs: [string, string[], number][] = [
  ['plan (age)', ['plan', '<root>', '--max-age', '1d'], 0],
  ['plan --json (lru, size threshold)', ['plan', '<root>', '--strategy', 'lru', '--threshold', '1M', '--json'], 0],
  ['clean --dry-run (age)', ['clean', '<root>', '--dry-run', '--max-age', '1d'], 0],
  ['clean -n --json (size, disk threshold)', ['clean', '<root>', '-n', '--strategy', 'size', '--threshold', '1%', '--target', '0.1%', '--json'], 5],
  ['bare DIR --dry-run --format table', ['<root>', '--dry-run', '--max-age', '2h', '--min-age', '0', '--format', 'table'], 0],
  ['status', ['status', '<root>'], 0],
  ['status --json', ['status', '<root>', '--json'], 0],
];

describe('a dry run changes nothing', () => {
  it('this mount records reads: reading a file here moves its atime', () => {
    const p = path.join(outside, 'probe');
    writeFile(p, 10, { mtimeMs: ago(DAY), atimeMs: ago(DAY) });
    const before = fs.lstatSync(p).atimeMs;
    fs.readFileSync(p);
    expect(fs.lstatSync(p).atimeMs).toBeGreaterThan(before);
  });

  it.each(runs)('%s: no size, inode, mtime or atime changes, no state written', async (_name, template, code) => {
    const before = snapshot(fsys.dir);
    const r = await runCli(template.map((a) => (a === '<root>' ? root : a)));
    expect({ code: r.code, out: describeRun(r) }).toEqual({ code, out: describeRun(r) });
    expect(snapshot(fsys.dir)).toEqual(before);
    expect(fs.existsSync(r.stateDir!)).toBe(false); // no lock file, no usage store
    if (template.includes('--json') && template[0] !== 'status') {
      const doc = parseJson(r);
      expect(doc.dryRun).toBe(true);
      expect(doc.summary.evictCount).toBeGreaterThan(0); // applied, it would have deleted something
      expect(doc.applied).toBeUndefined();
    } else if (template[0] !== 'status') {
      expect(r.stdout).toMatch(/would evict [1-9]\d* of/);
    }
  });
});
