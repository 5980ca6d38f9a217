import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import type { Entry } from '../../src/shared/types.js';
import { BackingChainDetector } from '../../src/usage/backing-chains.js';
import { mergeUsage } from '../../src/usage/merge.js';
import type { UsageSignal } from '../../src/usage/signal.js';
import { cleanup, qcow2, qcow2Over, qemuImg, rawImage, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

/** instances/ with _base/ inside it, and a directory outside both. */
function tree() {
  const top = tempDir();
  const inst = path.join(top, 'instances');
  const base = path.join(inst, '_base');
  const other = path.join(top, 'elsewhere');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(other);
  return { top, inst, base, other };
}

function detect(base: string, inst: string | string[], ignoreUnreadable = false) {
  const warnings: string[] = [];
  const d = new BackingChainDetector({ root: base, instancesDirs: [inst].flat(), ignoreUnreadable, warn: (w) => warnings.push(w) });
  const entries = scan(base, { layout: 'generic' }).entries;
  const signals = d.collect(entries) as UsageSignal[];
  const usage = mergeUsage(entries, signals);
  const inUse = (name: string): string[] => usage.get(name)!.inUse;
  return { d, entries, signals, usage, inUse, warnings, entry: (name: string): Entry => entries.find((e) => e.name === name)! };
}

describe('BackingChainDetector on real qcow2 images', () => {
  it('says so when the instances directory holds no disk at all (e.g. a container that mounts only _base)', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'root.raw'));
    const r = detect(base, inst);
    expect(r.inUse('root.raw')).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^no instance disks found under .*instances: no base image is protected/)]);
    rawImage(path.join(inst, 'u1', 'disk.config'));
    expect(detect(base, inst).warnings).toEqual([]);
  });

  it('follows a three-level chain across directories and formats: every cache image in it is in use', () => {
    const { inst, base, other } = tree();
    rawImage(path.join(base, 'root.raw'));
    qcow2Over(path.join(base, 'middle.qcow2'), path.join(base, 'root.raw'), 'raw');
    qcow2Over(path.join(other, 'overlay.qcow2'), path.join(base, 'middle.qcow2'), 'qcow2');
    qcow2Over(path.join(inst, 'u1', 'disk'), path.join(other, 'overlay.qcow2'), 'qcow2');
    rawImage(path.join(base, 'unused.raw'));
    const r = detect(base, inst);
    expect(r.inUse('middle.qcow2')).toEqual(['backing file of instances/u1/disk (via overlay.qcow2)']);
    expect(r.inUse('root.raw')).toEqual([
      'backing file of instances/u1/disk (via overlay.qcow2, middle.qcow2)',
      'backing file of middle.qcow2 (in the cache)',
    ]);
    expect(r.inUse('unused.raw')).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.signals.some((s) => s.name === null)).toBe(false);
  });

  it('resolves a relative backing name against the directory of the disk', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'aaa'));
    rawImage(path.join(base, 'bbb'));
    qcow2Over(path.join(inst, 'u2', 'disk'), '../_base/aaa', 'raw');
    qcow2Over(path.join(inst, 'u2', 'disk.local'), '../_base/bbb', 'raw');
    const r = detect(base, inst);
    expect(r.inUse('aaa')).toEqual(['backing file of instances/u2/disk']);
    expect(r.inUse('bbb')).toEqual(['backing file of instances/u2/disk.local']);
  });

  it('a disk whose backing file is outside the cache protects nothing in it; one whose chain comes back into it does', () => {
    const { inst, base, other } = tree();
    rawImage(path.join(other, 'glance-image'));
    rawImage(path.join(base, 'ccc'));
    rawImage(path.join(base, 'ddd'));
    qcow2Over(path.join(inst, 'u3', 'disk'), path.join(other, 'glance-image'), 'raw');
    qcow2Over(path.join(other, 'mid.qcow2'), path.join(base, 'ddd'), 'raw');
    qcow2Over(path.join(inst, 'u4', 'disk'), path.join(other, 'mid.qcow2'), 'qcow2');
    const r = detect(base, inst);
    expect(r.inUse('ccc')).toEqual([]);
    expect(r.inUse('ddd')).toEqual(['backing file of instances/u4/disk (via mid.qcow2)']);
    expect(r.warnings).toEqual([]);
  });

  it('a corrupt disk header keeps every entry this run and says which disk; --ignore-unreadable-disks only warns', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'eee'));
    rawImage(path.join(base, 'fff'));
    const disk = path.join(inst, 'u5', 'disk');
    qcow2Over(disk, path.join(base, 'eee'), 'raw');
    const fd = fs.openSync(disk, 'r+');
    fs.writeSync(fd, Buffer.from([0, 0, 0x10, 0]), 0, 4, 16); // backing name length 4096: more than QEMU allows
    fs.closeSync(fd);
    expect(() => qemuImg('info', disk)).toThrow(); // QEMU cannot open it either

    const r = detect(base, inst);
    for (const name of ['eee', 'fff']) {
      expect(r.inUse(name)).toEqual([
        'an instance disk could not be read (instances/u5/disk): every entry is kept this run (--ignore-unreadable-disks to override)',
      ]);
    }
    expect(r.warnings).toEqual([
      expect.stringMatching(/^cannot follow the backing chain of instances\/u5\/disk: corrupt qcow2 header: backing file name too long: 4096 bytes/),
    ]);
    expect(r.d.recheck(r.entry('fff'))).toEqual([expect.stringMatching(/^an instance disk could not be read/)]);

    const lenient = detect(base, inst, true);
    expect(lenient.inUse('eee')).toEqual([]);
    expect(lenient.inUse('fff')).toEqual([]);
    expect(lenient.warnings).toHaveLength(1);
    expect(lenient.d.recheck(lenient.entry('fff'))).toEqual([]);
  });

  it('a loop in the chain (made with qemu-img rebase -u) is refused and keeps everything', () => {
    const { inst, base, other } = tree();
    rawImage(path.join(base, 'ggg'));
    const a = path.join(other, 'a.qcow2');
    const b = path.join(other, 'b.qcow2');
    qcow2(a);
    qcow2Over(b, a, 'qcow2');
    qemuImg('rebase', '-u', '-f', 'qcow2', '-b', b, '-F', 'qcow2', a); // a -> b -> a
    qcow2Over(path.join(inst, 'u6', 'disk'), a, 'qcow2', { unsafe: true });
    const r = detect(base, inst);
    expect(r.inUse('ggg')).toEqual([expect.stringMatching(/^an instance disk could not be read \(instances\/u6\/disk\)/)]);
    expect(r.warnings).toEqual([`cannot follow the backing chain of instances/u6/disk: backing chain loops back to ${a}`]);
  });

  it('a disk that backs onto itself is a loop too', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'hhh'));
    const disk = path.join(inst, 'u7', 'disk');
    qcow2(disk);
    qemuImg('rebase', '-u', '-f', 'qcow2', '-b', 'disk', '-F', 'qcow2', disk);
    const r = detect(base, inst);
    expect(r.warnings).toEqual([expect.stringMatching(/loops back to .*u7\/disk$/)]);
    expect(r.inUse('hhh')).toHaveLength(1);
  });

  it('raw disks back onto nothing; a missing backing file is a warning, not a reason to keep everything', () => {
    const { inst, base, other } = tree();
    rawImage(path.join(base, 'iii'));
    rawImage(path.join(inst, 'u8', 'disk'));
    const gone = path.join(other, 'gone.raw');
    rawImage(gone);
    qcow2Over(path.join(inst, 'u9', 'disk'), gone, 'raw');
    fs.rmSync(gone);
    const r = detect(base, inst);
    expect(r.inUse('iii')).toEqual([]);
    expect(r.warnings).toEqual([`instances/u9/disk: backing file ${gone} does not exist (the disk is already broken)`]);
  });

  it('does not walk into the cache root or the top-level locks/ directory as instance disks', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'jjj'));
    fs.writeFileSync(path.join(base, 'broken.qcow2'), Buffer.concat([Buffer.from('QFI\xfb\0\0\0\x03', 'latin1'), Buffer.alloc(1000)]));
    fs.mkdirSync(path.join(inst, 'locks'));
    fs.writeFileSync(path.join(inst, 'locks', 'nova-jjj'), Buffer.from('QFI\xfb\0\0\0\x09', 'latin1'));
    fs.writeFileSync(path.join(inst, 'compute_nodes'), '{}');
    const r = detect(base, inst);
    expect(r.inUse('jjj')).toEqual([]);
    // The broken image in the cache is only a warning: it is a cache entry, not an instance disk.
    expect(r.warnings).toEqual([
      expect.stringMatching(/^no instance disks found under /), // locks/ and _base/ are not instance disks
      expect.stringMatching(/^broken\.qcow2 \(in the cache\): cannot follow its backing chain \(corrupt qcow2 header: invalid cluster_bits 0/),
    ]);
  });

  it('follows backing names through symlinked directories, and a disk that is a symlink into the cache', () => {
    const { top, inst, base } = tree();
    rawImage(path.join(base, 'kkk'));
    rawImage(path.join(base, 'lll'));
    fs.symlinkSync(inst, path.join(top, 'alias'));
    qcow2Over(path.join(inst, 'u10', 'disk'), path.join(top, 'alias', '_base', 'kkk'), 'raw');
    fs.mkdirSync(path.join(inst, 'u11'));
    fs.symlinkSync(path.join(base, 'lll'), path.join(inst, 'u11', 'disk'));
    const r = detect(base, inst);
    expect(r.inUse('kkk')).toEqual(['backing file of instances/u10/disk']);
    expect(r.inUse('lll')).toEqual(['used as instances/u11/disk']);
  });

  it('an image in the cache that backs onto another keeps that one', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'mmm'));
    qcow2Over(path.join(base, 'nnn.qcow2'), 'mmm', 'raw');
    const r = detect(base, inst);
    expect(r.inUse('mmm')).toEqual(['backing file of nnn.qcow2 (in the cache)']);
    expect(r.inUse('nnn.qcow2')).toEqual([]);
  });

  it('the external data file of a disk is in use', () => {
    const { inst, base } = tree();
    fs.mkdirSync(path.join(inst, 'u12'));
    qemuImg('create', '-q', '-f', 'qcow2', '-o', `data_file=${path.join(base, 'ooo.data')}`, path.join(inst, 'u12', 'disk'), '1M');
    const r = detect(base, inst);
    expect(r.inUse('ooo.data')).toEqual(['data file of instances/u12/disk']);
  });

  it('recheck sees a disk created after the plan was made, and several instance directories are all walked', () => {
    const { top, inst, base } = tree();
    const inst2 = path.join(top, 'more-instances');
    rawImage(path.join(base, 'ppp'));
    rawImage(path.join(base, 'qqq'));
    qcow2Over(path.join(inst2, 'u13', 'disk'), path.join(base, 'qqq'), 'raw');
    const r = detect(base, [inst, inst2]);
    expect(r.inUse('ppp')).toEqual([]);
    expect(r.inUse('qqq')).toEqual(['backing file of more-instances/u13/disk']);
    expect(r.d.recheck(r.entry('ppp'))).toEqual([]);
    qcow2Over(path.join(inst, 'u14', 'disk'), path.join(base, 'ppp'), 'raw');
    expect(r.d.recheck(r.entry('ppp'))).toEqual(['backing file of instances/u14/disk']);
    // Rebased away (the header changes, so the remembered parse is not reused): no longer in use.
    qemuImg('rebase', '-u', '-f', 'qcow2', '-b', path.join(base, 'qqq'), '-F', 'raw', path.join(inst, 'u14', 'disk'));
    expect(r.d.recheck(r.entry('ppp'))).toEqual([]);
  });

  it('many disks on one image give a few reasons and a count', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, 'rrr'));
    for (let i = 0; i < 5; i++) qcow2Over(path.join(inst, `v${i}`, 'disk'), path.join(base, 'rrr'), 'raw');
    const r = detect(base, inst);
    expect(r.inUse('rrr')).toEqual([
      'backing file of instances/v0/disk',
      'backing file of instances/v1/disk',
      'backing file of instances/v2/disk',
      'backing file of 2 more images',
    ]);
  });
});
