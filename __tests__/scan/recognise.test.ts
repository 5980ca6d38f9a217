import fs from 'node:fs';
import path from 'node:path';
import { instanceWhy, looksLikeGlanceCache, markOf } from '../../src/scan/recognise.js';
import { scan } from '../../src/scan/scan.js';
import { wrongRoot } from '../../src/scan/wrong-root.js';
import { removeDir, tempDir } from '../helpers/cache.js';

/** The marks of a directory holding these children (a trailing `/` is a directory). */
const marks = (...names: string[]): number => names.reduce((m, n) => m | markOf(n.replace(/\/$/, ''), n.endsWith('/')), 0);

describe('recognised by names alone', () => {
  it.each([
    [['disk', 'libvirt.xml'], 'disk beside libvirt.xml'],
    [['disk', 'console.log', 'disk.local'], 'disk beside console.log'],
    [['disk', 'disk.info'], 'disk beside disk.info'],
  ])('%j is a Nova instance directory', (names, why) => {
    expect(instanceWhy(marks(...names))).toBe(why);
  });

  it.each([[['disk']], [['libvirt.xml', 'console.log', 'disk.info']], [['disk/', 'libvirt.xml']], [['disk', 'libvirt.xml/']], [['Disk', 'libvirt.xml']]])(
    '%j is not: a disk file needs one of Nova\'s files beside it',
    (names) => {
      expect(instanceWhy(marks(...names))).toBeNull();
    },
  );

  it('a Glance cache: two of its directories, or cache.db with one; not cache.db alone, not files named like the directories', () => {
    expect(looksLikeGlanceCache(marks('incomplete/', 'invalid/', 'queue/'))).toBe(true);
    expect(looksLikeGlanceCache(marks('incomplete/', 'queue/'))).toBe(true);
    expect(looksLikeGlanceCache(marks('cache.db', 'invalid/'))).toBe(true);
    expect(looksLikeGlanceCache(marks('cache.db'))).toBe(false);
    expect(looksLikeGlanceCache(marks('queue/'))).toBe(false);
    expect(looksLikeGlanceCache(marks('incomplete', 'invalid', 'queue'))).toBe(false);
  });
});

describe('wrongRoot on real scans', () => {
  let root: string | undefined;
  afterEach(() => removeDir(root));

  function tree(spec: string[]): string {
    root = tempDir();
    for (const p of spec) {
      const abs = path.join(root, p);
      if (p.endsWith('/')) fs.mkdirSync(abs, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, 'x');
      }
    }
    return root;
  }

  it('_base with an instance directory beside it is Nova\'s instances directory', () => {
    const r = tree(['_base/aaa', 'u1/disk', 'u1/console.log']);
    expect(wrongRoot(scan(r))).toBe(`${r} is Nova's instances directory; its image cache is ${r}/_base`);
  });

  it('_base with compute_nodes beside it, in any layout', () => {
    const r = tree(['_base/', 'compute_nodes']);
    for (const layout of ['generic', 'nova', 'glance']) expect(wrongRoot(scan(r, { layout }))).toMatch(/is Nova's instances directory/);
  });

  it('a _base entry alone, or locks/ alone, is not enough: a generic cache may hold one', () => {
    expect(wrongRoot(scan(tree(['_base/x', 'other/y'])))).toBeNull();
    removeDir(root);
    expect(wrongRoot(scan(tree(['locks/', 'u1/disk', 'u1/libvirt.xml'])))).toBeNull();
  });

  it('a Nova instance directory itself, in any layout and at any depth of entries: a mistyped instances/<uuid>', () => {
    const r = tree(['disk', 'disk.info', 'console.log', 'disk.config']);
    for (const layout of ['generic', 'nova', 'glance']) {
      expect(wrongRoot(scan(r, { layout }))).toBe(`${r} is a Nova instance directory (disk beside console.log), not a cache: its disks are an instance's own`);
    }
    expect(wrongRoot(scan(r, { entries: { kind: 'files' } }))).toMatch(/is a Nova instance directory/);
    removeDir(root);
    expect(wrongRoot(scan(tree(['disk', 'notes.txt'])))).toBeNull();
  });

  it('a directory holding a Glance cache', () => {
    const r = tree(['image-cache/incomplete/', 'image-cache/invalid/', 'image-cache/queue/', 'image-cache/img', 'other/']);
    expect(wrongRoot(scan(r))).toBe(`${r} holds Glance's image cache; its image cache is ${r}/image-cache`);
  });

  it('a Glance cache itself, or Nova\'s _base itself, is the right root', () => {
    expect(wrongRoot(scan(tree(['incomplete/', 'invalid/', 'queue/', 'cache.db', 'img'])))).toBeNull();
    removeDir(root);
    expect(wrongRoot(scan(tree(['0123456789abcdef0123456789abcdef01234567', 'swap_512'])))).toBeNull();
  });
});

describe('what the scan notes inside directory entries', () => {
  let root: string | undefined;
  afterEach(() => removeDir(root));

  it('the inode of every node inside (itself included), and the first instance directory, nested or not', () => {
    root = tempDir();
    for (const f of ['group/vm/disk', 'group/vm/libvirt.xml', 'group/notes', 'plain/a']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), 'x');
    }
    fs.writeFileSync(path.join(root, 'file'), 'x');
    const s = scan(root);
    const lstatIno = (p: string): number => fs.lstatSync(path.join(root!, p)).ino;
    const group = s.dirFacts!.get('group')!;
    expect([...group.inodes].sort()).toEqual(['group', 'group/vm', 'group/vm/disk', 'group/vm/libvirt.xml', 'group/notes'].map(lstatIno).sort());
    expect(group.instance).toEqual({ at: 'vm', why: 'disk beside libvirt.xml' });
    expect(s.dirFacts!.get('plain')).toEqual({ inodes: expect.any(Array), glanceCache: false });
    expect(s.dirFacts!.has('file')).toBe(false);
  });
});
