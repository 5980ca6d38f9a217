/**
 * No wrong root: Nova's instances directory (one level above `_base`) and the directory holding Glance's image cache
 * are refused with exit 2 and one line naming the right directory, before anything is read or deleted. And in every
 * layout, a directory entry that looks like a Nova instance (by names alone) is never evicted, open files or not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { snapshot } from '../helpers/cache.js';
import { age, cleanup, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { parseJson, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';


afterAll(cleanup);

interface JsonEntry {
  name: string;
  decision: 'evict' | 'keep';
  reason: string;
  detail: string | null;
}

/** Age every file and directory under `dir` by `ms`, children first. */
function ageAll(dir: string, ms: number): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) ageAll(p, ms);
    if (d.isDirectory() || d.isFile()) age(p, ms);
  }
}

describe("Nova's instances directory as the root", () => {
  function instances() {
    const top = tempDir('cachesweep-wrongroot-');
    const inst = path.join(top, 'instances');
    const base = path.join(inst, '_base');
    fs.mkdirSync(path.join(inst, 'locks'), { recursive: true });
    rawImage(path.join(base, 'aaaa'));
    qcow2Over(path.join(inst, '11111111-aaaa-4000-8000-000000000001', 'disk'), path.join(base, 'aaaa'), 'raw');
    fs.writeFileSync(path.join(inst, '11111111-aaaa-4000-8000-000000000001', 'disk.info'), '{}');
    fs.mkdirSync(path.join(inst, 'snapshots'));
    fs.writeFileSync(path.join(inst, 'compute_nodes'), '{"host1": 1700000000}');
    ageAll(inst, 3 * DAY);
    return { inst, base };
  }

  it.each([['clean'], ['plan'], ['status']])('%s is refused with exit 2, one line naming _base, and nothing changes', async (cmd) => {
    const { inst, base } = instances();
    const before = snapshot(inst);
    const r = await runCli(cmd === 'status' ? [cmd, inst] : [cmd, inst, '--max-age', '1h']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`cachesweep: ${inst} is Nova's instances directory; its image cache is ${base}`]);
    expect(snapshot(inst)).toEqual(before);
  });

  it('an instance directory mistyped for _base is refused: a stopped instance\'s disk is not an image', async () => {
    const { inst } = instances();
    const vm = path.join(inst, '11111111-aaaa-4000-8000-000000000001');
    // The instance directory itself: `--layout nova` reads instances/compute_nodes (shared storage) before the scan.
    const before = snapshot(vm);
    for (const extra of [[], ['--entries', 'files'], ['--layout', 'nova']]) {
      const r = await runCli(['clean', vm, '--max-age', '1h', ...extra]);
      expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({
        code: 2,
        out: '',
        err: `cachesweep: ${vm} is a Nova instance directory (disk beside disk.info), not a cache: its disks are an instance's own\n`,
      });
    }
    expect(snapshot(vm)).toEqual(before);
  });

  it('with only _base_<ip> directories and locks/, all of them are named', async () => {
    const top = tempDir('cachesweep-wrongroot-');
    const inst = path.join(top, 'instances');
    for (const d of ['_base_10.0.0.1', '_base_10.0.0.2', 'locks']) fs.mkdirSync(path.join(inst, d), { recursive: true });
    const r = await runCli(['clean', inst]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `cachesweep: ${inst} is Nova's instances directory; its image caches are ${path.join(inst, '_base_10.0.0.1')}, ${path.join(inst, '_base_10.0.0.2')}`,
    );
  });
});

describe("the directory holding Glance's image cache as the root", () => {
  it('is refused with exit 2 naming the image cache, and nothing changes', async () => {
    const top = tempDir('cachesweep-wrongroot-');
    const lib = path.join(top, 'glance');
    const cache = path.join(lib, 'image-cache');
    for (const d of ['incomplete', 'invalid', 'queue']) fs.mkdirSync(path.join(cache, d), { recursive: true });
    fs.writeFileSync(path.join(cache, 'cache.db'), '');
    rawImage(path.join(cache, '6c3b1f0e-1111-4000-8000-000000000001'));
    fs.mkdirSync(path.join(lib, 'images'));
    rawImage(path.join(lib, 'images', 'x'));
    ageAll(lib, 3 * DAY);
    const before = snapshot(lib);
    const r = await runCli(['clean', lib, '--max-age', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cachesweep: ${lib} holds Glance's image cache; its image cache is ${cache}`);
    expect(snapshot(lib)).toEqual(before);
  });
});

describe('a directory entry that looks like a Nova instance, in the generic layout', () => {
  it('is never evicted (no process has it open), nested or not; its neighbours are', async () => {
    const root = tempDir('cachesweep-generic-vms-');
    rawImage(path.join(root, 'vm-a', 'disk'));
    fs.writeFileSync(path.join(root, 'vm-a', 'libvirt.xml'), '<domain/>');
    rawImage(path.join(root, 'vm-b', 'disk'));
    fs.writeFileSync(path.join(root, 'vm-b', 'console.log'), 'boot\n');
    rawImage(path.join(root, 'group', 'vm-c', 'disk'));
    fs.writeFileSync(path.join(root, 'group', 'vm-c', 'disk.info'), '{}');
    rawImage(path.join(root, 'not-a-vm', 'disk')); // a disk alone is not an instance
    rawImage(path.join(root, 'junk.bin'));
    ageAll(root, 3 * DAY);
    const r = await runCli(['clean', root, '--layout', 'generic', '--max-age', '1h', '--json']);
    expect(r.code).toBe(0);
    const plan = parseJson<{ entries: JsonEntry[] }>(r);
    const by = (n: string): JsonEntry => plan.entries.find((e) => e.name === n)!;
    expect(by('vm-a')).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by('vm-a').detail).toMatch(/Nova instance directory \(disk beside libvirt\.xml\)/);
    expect(by('vm-b')).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by('group')).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by('group').detail).toContain('group/vm-c');
    expect(by('not-a-vm')).toMatchObject({ decision: 'evict' });
    expect(by('junk.bin')).toMatchObject({ decision: 'evict' });
    expect(fs.readdirSync(root).sort()).toEqual(['group', 'vm-a', 'vm-b']);
    expect(fs.existsSync(path.join(root, 'group', 'vm-c', 'disk'))).toBe(true);
  });
});
