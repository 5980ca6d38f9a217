/**
 * BackingChainDetector in Nova's cache keeps at least what Nova's cleaner keeps (nova/virt/libvirt/imagecache.py):
 * backing files by file name, kernel and ramdisk copies by content, image families together; and it reads instance
 * directories reached through a symlink or nested deep. Real qcow2 images; collect and the victim's re-check.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { BackingChainDetector } from '../../src/usage/backing-chains.js';
import { MAX_WALK_DEPTH } from '../../src/usage/instance-walk.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { cleanup, qcow2Over, qemuImg, rawImage, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

const sha = (s: string): string => createHash('sha1').update(s).digest('hex');
const A = sha('a');
const B = sha('b');

function tree() {
  const top = tempDir();
  const inst = path.join(top, 'instances');
  const base = path.join(inst, '_base');
  fs.mkdirSync(base, { recursive: true });
  return { top, inst, base };
}

function detect(base: string, inst: string, nova = true) {
  const warnings: string[] = [];
  const d = new BackingChainDetector({ root: base, instancesDirs: [inst], nova, ignoreUnreadable: false, warn: (w) => warnings.push(w) });
  const entries = scan(base, { layout: 'nova' }).entries;
  const usage = mergeUsage(entries, d.collect(entries));
  const entry = (n: string) => entries.find((e) => e.name === n)!;
  return { d, warnings, inUse: (n: string) => usage.get(n)!.inUse, recheck: (n: string) => d.recheck(entry(n)) };
}

describe('backing files by file name', () => {
  it('a backing path that exists elsewhere: the chain follows it, and the cache image of that name is kept too, with a warning', () => {
    const { top, inst, base } = tree();
    rawImage(path.join(base, A));
    rawImage(path.join(top, 'old', '_base', A)); // an old instances_path still mounted, another copy
    qcow2Over(path.join(inst, 'u1', 'disk'), path.join(top, 'old', '_base', A), 'raw');
    const r = detect(base, inst);
    expect(r.inUse(A)).toEqual([`backing file of instances/u1/disk by file name (the disk names ${path.join(top, 'old', '_base', A)})`]);
    expect(r.warnings).toEqual([`instances/u1/disk backs onto ${path.join(top, 'old', '_base', A)}, not ${path.join(base, A)}: ${A} is kept by its file name, as Nova keeps it`]);
    expect(r.recheck(A)).toHaveLength(1);
  });

  it('a backing path that is gone: the chain goes on from the cache image of that name (a qcow2 base backing onto another)', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, B));
    qcow2Over(path.join(base, A), path.join(base, B), 'raw'); // force_raw_images = False keeps qcow2 bases
    fs.mkdirSync(path.join(inst, 'u1'));
    qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', `/gone/instances/_base/${A}`, '-F', 'qcow2', path.join(inst, 'u1', 'disk'), '1M');
    const r = detect(base, inst);
    expect(r.inUse(A)).toEqual([`backing file of instances/u1/disk (by file name: the disk names /gone/instances/_base/${A})`]);
    expect(r.inUse(B)).toContain(`backing file of instances/u1/disk (via ${A})`);
    expect(r.recheck(B)).toEqual([`backing file of instances/u1/disk (via ${A})`]);
  });

  it('outside Nova\'s cache (generic, --instances-dir) paths only: a missing backing file protects nothing by name', () => {
    const { inst, base } = tree();
    rawImage(path.join(base, A));
    fs.mkdirSync(path.join(inst, 'u1'));
    qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', `/gone/${A}`, '-F', 'raw', path.join(inst, 'u1', 'disk'), '1M');
    const r = detect(base, inst, false);
    expect(r.inUse(A)).toEqual([]);
    expect(r.warnings).toEqual([`instances/u1/disk: backing file /gone/${A} does not exist (the disk is already broken)`]);
  });
});

describe('image families', () => {
  it('the re-check of one member sees a sibling that backs a disk, even one the plan did not index', () => {
    const { inst, base } = tree();
    for (const n of [A, `${A}_sm`, `${A}_20`, B, `${B}_10`]) rawImage(path.join(base, n));
    qcow2Over(path.join(inst, 'u1', 'disk'), path.join(base, `${A}_20`), 'raw');
    const r = detect(base, inst);
    for (const n of [A, `${A}_sm`]) {
      expect(r.inUse(n)).toEqual([`the same image as ${A}_20, which an instance uses (Nova keeps <sha1>, <sha1>_<size> and <sha1>_sm together)`]);
      expect(r.recheck(n)).toHaveLength(1);
    }
    expect(r.inUse(B)).toEqual([]);
    expect(r.recheck(`${B}_10`)).toEqual([]);
    qcow2Over(path.join(inst, 'u2', 'disk'), path.join(base, `${B}_10`), 'raw'); // after the plan
    expect(r.recheck(B)).toEqual([expect.stringContaining(`the same image as ${B}_10`)]);
  });
});

describe('kernel and ramdisk copies', () => {
  it('keep the image of the same content; the re-check reads only same-size candidates', () => {
    const { inst, base } = tree();
    fs.writeFileSync(path.join(base, A), Buffer.alloc(5000, 'k'));
    fs.writeFileSync(path.join(base, B), Buffer.alloc(5000, 'x')); // same size, other bytes
    fs.writeFileSync(path.join(base, `${A}_sm`), Buffer.alloc(10, 'k'));
    fs.mkdirSync(path.join(inst, 'u1'));
    fs.copyFileSync(path.join(base, A), path.join(inst, 'u1', 'kernel'));
    const r = detect(base, inst);
    expect(r.inUse(A)).toEqual(['same content as instances/u1/kernel (an instance\'s kernel image)']);
    expect(r.inUse(`${A}_sm`)).toEqual([expect.stringContaining(`the same image as ${A}`)]);
    expect(r.inUse(B)).toEqual([]);
    expect(r.recheck(A)).toHaveLength(1);
    expect(r.recheck(B)).toEqual([]);
    fs.writeFileSync(path.join(inst, 'u1', 'kernel'), Buffer.alloc(5000, 'x')); // the instance was rebuilt
    expect(r.recheck(A)).toEqual([]); // its bytes are no instance's kernel any more
    expect(r.recheck(B)).toEqual(["same content as instances/u1/kernel (an instance's kernel image)"]);
  });
});

describe('where the disks are', () => {
  it('an instance directory that is a symlink is read; a deeper symlinked directory, a link to an ancestor or into the cache are not walked', () => {
    const { top, inst, base } = tree();
    rawImage(path.join(base, A));
    rawImage(path.join(base, B));
    qcow2Over(path.join(top, 'volume', 'u5', 'disk'), path.join(base, A), 'raw');
    fs.symlinkSync(path.join(top, 'volume', 'u5'), path.join(inst, 'u5'));
    qcow2Over(path.join(top, 'volume', 'nested', 'disk'), path.join(base, B), 'raw');
    fs.mkdirSync(path.join(inst, 'u6'));
    fs.symlinkSync(path.join(top, 'volume', 'nested'), path.join(inst, 'u6', 'linked'));
    fs.symlinkSync(top, path.join(inst, 'up'));
    qcow2Over(path.join(base, 'sub', 'image'), path.join(base, B), 'raw'); // a directory inside the cache...
    fs.symlinkSync(path.join(base, 'sub'), path.join(inst, 'into-cache')); // ...is no instance directory
    const r = detect(base, inst);
    expect(r.inUse(A)).toEqual(['backing file of instances/u5/disk']);
    expect(r.inUse(B)).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it(`a disk ${MAX_WALK_DEPTH - 1} directories down is read; deeper keeps everything, with a warning`, () => {
    const { inst, base } = tree();
    rawImage(path.join(base, A));
    rawImage(path.join(base, B));
    const deep = (n: number): string => path.join(inst, ...Array.from({ length: n }, (_, i) => `d${i}`));
    qcow2Over(path.join(deep(MAX_WALK_DEPTH - 1), 'disk'), path.join(base, A), 'raw');
    let r = detect(base, inst);
    expect(r.inUse(A)).toEqual([expect.stringMatching(/^backing file of instances\/d0\/.*\/disk$/)]);
    expect(r.inUse(B)).toEqual([]);
    fs.mkdirSync(path.join(deep(MAX_WALK_DEPTH + 1)), { recursive: true });
    r = detect(base, inst);
    expect(r.inUse(B)).toEqual([expect.stringMatching(/^an instance disk could not be read/)]);
    expect(r.warnings).toEqual([expect.stringMatching(new RegExp(`is nested deeper than ${MAX_WALK_DEPTH} directories`))]);
  });
});
