/**
 * "Keep at least what Nova keeps", end to end with the built cachesweep on a realistic Nova tree made with qemu-img:
 * a backing file named by a path that no longer exists (an old mount point) keeps the base image of the same name,
 * as Nova's _list_backing_images does; kernel and ramdisk copies in an instance directory keep the base image with
 * the same content; <sha1>, <sha1>_<size> and <sha1>_sm are one family; <sha1>_sm leftovers are removed as Nova
 * removes them; instance directories reached through a symlink, or nested deeper than usual, are read.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntryDoc } from '../../src/report/plan-schema.js';
import { snapshot, type NodeState } from '../helpers/cache.js';
import { age, cleanup, qcow2Over, qemuImg, rawImage, tempDir } from '../helpers/in-use.js';
import { parseJson, runCli } from '../helpers/run.js';
import { HOUR, DAY } from '../helpers/units.js';

const sha = (s: string): string => createHash('sha1').update(s).digest('hex');

const IMG = {
  moved: sha('backed-through-an-old-mount'),
  kernel: sha('kernel-id'),
  ramdisk: sha('ramdisk-id'),
  decoy: sha('same-size-as-the-kernel'),
  family: sha('family'),
  smOnly: sha('sm-leftover'),
  linked: sha('instance-dir-is-a-symlink'),
  deep: sha('nested-deep'),
  unused: sha('unused'),
};

/** An entry of the plan document (--json). */
type JsonEntry = EntryDoc;
interface JsonPlan {
  layout: string;
  entries: JsonEntry[];
  warnings: string[];
}

afterAll(cleanup);

/** A file of `bytes` bytes whose content is `seed` repeated (same seed, same content). */
function content(file: string, bytes: number, seed: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const unit = Buffer.from(seed);
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += unit.length) unit.copy(buf, i);
  fs.writeFileSync(file, buf);
}

function novaTree() {
  const top = tempDir('cachesweep-novakeep-');
  const inst = path.join(top, 'instances');
  const base = path.join(inst, '_base');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(path.join(inst, 'locks'));
  const b = (n: string): string => path.join(base, n);
  const u = (...p: string[]): string => path.join(inst, ...p);

  for (const n of [IMG.moved, `${IMG.family}_20`, IMG.family, `${IMG.family}_sm`, `${IMG.smOnly}_sm`, IMG.linked, IMG.deep, IMG.unused]) {
    rawImage(b(n));
  }
  content(b(IMG.kernel), 300_000, 'vmlinuz-');
  content(b(IMG.ramdisk), 700_000, 'initrd-');
  content(b(IMG.decoy), 300_000, 'not-the-kernel'); // same size as the kernel, other bytes

  // Written when instances lived under /srv/nova-old (a mount that is gone): Nova looks the base up by file name.
  fs.mkdirSync(u('u1'));
  qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', `/srv/nova-old-${path.basename(top)}/instances/_base/${IMG.moved}`, '-F', 'raw', u('u1', 'disk'), '1M');
  fs.writeFileSync(u('u1', 'libvirt.xml'), '<domain/>');
  // A kernel/ramdisk boot: Nova copies the two images into the instance directory.
  qcow2Over(u('u2', 'disk'), b(`${IMG.family}_20`), 'raw');
  fs.copyFileSync(b(IMG.kernel), u('u2', 'kernel'));
  fs.copyFileSync(b(IMG.ramdisk), u('u2', 'ramdisk'));
  // An instance directory that is a symlink to another volume.
  const elsewhere = path.join(top, 'volume2', 'u5');
  qcow2Over(path.join(elsewhere, 'disk'), b(IMG.linked), 'raw');
  fs.symlinkSync(elsewhere, u('u5'));
  // A disk nested eight levels down.
  qcow2Over(u('deep', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'disk'), b(IMG.deep), 'raw');

  const now = Date.now();
  // Everything three days old: on this relatime filesystem a read of any file would move its atime.
  const ageAll = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) ageAll(path.join(d, e.name));
      if (!e.isSymbolicLink()) age(path.join(d, e.name), 3 * DAY, now);
    }
  };
  ageAll(top);
  age(b(`${IMG.smOnly}_sm`), 2 * HOUR, now); // a leftover of an older release: Nova's resized age applies (1h)
  return { top, inst, base, b };
}

/**
 * Every node of the host outside the cache and Nova's locks/ (which clean writes: Nova's lock per victim): the
 * instance disks whose qcow2 headers are read, the kernel and ramdisk copies whose bytes are digested (all three
 * days old: a plain read would move their atimes on this relatime filesystem).
 */
function outsideCache(top: string): Map<string, NodeState> {
  const all = snapshot(top);
  for (const [k, v] of [...all]) {
    if (/^instances(\/(_base|locks)(\/|$)|$)/.test(k)) all.delete(k);
    // following the symlinked instance directory reads the link, which is its atime; its target's files are checked
    else if (v.kind === 'symlink') all.set(k, { ...v, atimeMs: null });
  }
  return all;
}

function atimes(dir: string): Record<string, number> {
  return Object.fromEntries(fs.readdirSync(dir).map((n) => [n, fs.statSync(path.join(dir, n)).atimeMs]));
}

describe('Nova keeps, cachesweep keeps (built binary, real qcow2 images)', () => {
  let t: ReturnType<typeof novaTree>;
  let plan: JsonPlan;
  const entry = (n: string): JsonEntry => plan.entries.find((e) => e.name === n)!;

  let host: Map<string, NodeState>;

  beforeAll(async () => {
    t = novaTree();
    const before = atimes(t.base);
    host = outsideCache(t.top);
    const r = await runCli(['plan', t.base, '--json']);
    expect(r.code).toBe(0);
    plan = parseJson<JsonPlan>(r);
    expect(atimes(t.base)).toEqual(before); // the kernel digests were read without moving an atime
  });

  it('plan read every disk header and the kernel and ramdisk copies without moving a time stamp', () => {
    // this filesystem records reads of files that old: the comparison below can fail
    const probe = path.join(tempDir('cachesweep-probe-'), 'f');
    rawImage(probe);
    age(probe, 3 * DAY);
    const was = fs.statSync(probe).atimeMs;
    fs.readFileSync(probe);
    expect(fs.statSync(probe).atimeMs).toBeGreaterThan(was);
    expect(host.size).toBeGreaterThan(10);
    expect(outsideCache(t.top)).toEqual(host);
  });

  it('is the nova layout', () => {
    expect(plan.layout).toBe('nova');
  });

  it('a disk whose backing path names a mount that is gone keeps the base image of the same file name, with one warning naming both paths', () => {
    expect(entry(IMG.moved)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(entry(IMG.moved).inUse.join('; ')).toContain('instances/u1/disk');
    const w = plan.warnings.filter((x) => x.includes('instances/u1/disk'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain(`/srv/nova-old-${path.basename(t.top)}/instances/_base/${IMG.moved}`);
    expect(w[0]).toContain(path.join(t.base, IMG.moved));
  });

  it('kernel and ramdisk copies keep the base images with the same content; a same-size image with other bytes is not kept', () => {
    expect(entry(IMG.kernel)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(entry(IMG.kernel).inUse.join('; ')).toContain('instances/u2/kernel');
    expect(entry(IMG.ramdisk)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(entry(IMG.ramdisk).inUse.join('; ')).toContain('instances/u2/ramdisk');
    expect(entry(IMG.decoy)).toMatchObject({ decision: 'evict', reason: 'expired' });
  });

  it('<sha1>, <sha1>_<size> and <sha1>_sm are one family: kept together while one of them backs a disk', () => {
    expect(entry(`${IMG.family}_20`)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    for (const n of [IMG.family, `${IMG.family}_sm`]) {
      expect(entry(n)).toMatchObject({ decision: 'keep', reason: 'in-use' });
      expect(entry(n).inUse.join('; ')).toContain(`${IMG.family}_20`);
    }
  });

  it('a <sha1>_sm leftover of an older release is a class Nova removes, after the resized age', () => {
    expect(entry(`${IMG.smOnly}_sm`)).toMatchObject({ class: 'sm', decision: 'evict', reason: 'expired' });
    expect(entry(`${IMG.smOnly}_sm`).detail).toContain('max-age 1h');
  });

  it('an instance directory that is a symlink, and a disk nested eight levels down, keep their base images', () => {
    expect(entry(IMG.linked)).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(entry(IMG.linked).inUse.join('; ')).toContain('instances/u5/disk');
    expect(entry(IMG.deep)).toMatchObject({ decision: 'keep', reason: 'in-use' });
  });

  it('clean evicts only what nobody uses, and every kept image is still there', async () => {
    const r = await runCli(['clean', t.base, '--json']);
    expect(r.code).toBe(0);
    const out = parseJson<{ applied: { deleted: string[]; failed: unknown[] } }>(r);
    expect([...out.applied.deleted].sort()).toEqual([IMG.decoy, IMG.unused, `${IMG.smOnly}_sm`].sort());
    expect(out.applied.failed).toEqual([]);
    for (const n of [IMG.moved, IMG.kernel, IMG.ramdisk, IMG.family, `${IMG.family}_20`, `${IMG.family}_sm`, IMG.linked, IMG.deep]) {
      expect(fs.existsSync(t.b(n))).toBe(true);
    }
    // the re-check before each deletion read headers and digests again, still without moving a time stamp
    expect(outsideCache(t.top)).toEqual(host);
  });
});

describe('an instance directory that cannot be reached', () => {
  it('a dangling instance-directory symlink is a warning and keeps every entry (its disks could back any of them)', async () => {
    const top = tempDir('cachesweep-novakeep-');
    const inst = path.join(top, 'instances');
    const base = path.join(inst, '_base');
    fs.mkdirSync(base, { recursive: true });
    rawImage(path.join(base, IMG.unused));
    age(path.join(base, IMG.unused), 3 * DAY);
    qcow2Over(path.join(inst, 'u1', 'disk'), path.join(base, IMG.unused), 'raw');
    fs.rmSync(path.join(inst, 'u1'), { recursive: true });
    fs.symlinkSync(path.join(top, 'unmounted-volume', 'u1'), path.join(inst, 'u1'));
    const r = await runCli(['plan', base, '--json']);
    expect(r.code).toBe(0);
    const p = parseJson<JsonPlan>(r);
    expect(p.entries[0]).toMatchObject({ name: IMG.unused, decision: 'keep', reason: 'in-use' });
    expect(p.warnings.join('\n')).toContain('u1');
    const loose = parseJson<JsonPlan>(await runCli(['plan', base, '--json', '--ignore-unreadable-disks']));
    expect(loose.entries[0]).toMatchObject({ name: IMG.unused, decision: 'evict' });
  });
});
