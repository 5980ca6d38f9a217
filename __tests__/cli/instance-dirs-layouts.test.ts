/**
 * A stopped instance's directory is never evicted, in any layout and under any strategy: no process has its files
 * open, so only its names (a `disk` beside `libvirt.xml`, `console.log` or `disk.info`) keep it, with reason
 * `in-use` and a detail saying why. Nothing in it is read: its files' times (three days old, so that a read on this
 * relatime filesystem would move them) are the same after the clean. Through the built binary, real qcow2 disks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { snapshot } from '../helpers/cache.js';
import { age, cleanup, qcow2, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

afterAll(cleanup);

interface JsonEntry {
  name: string;
  decision: 'evict' | 'keep';
  reason: string;
  detail: string | null;
}

function ageAll(dir: string, ms: number): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) ageAll(p, ms);
    age(p, ms);
  }
}

const SHA = (c: string): string => c.repeat(40);

/** A stopped instance: a qcow2 disk (over `backing` when given) and the file beside it that marks it. */
function instance(dir: string, mark: 'libvirt.xml' | 'console.log' | 'disk.info', backing?: string): void {
  if (backing) qcow2Over(path.join(dir, 'disk'), backing, 'raw');
  else qcow2(path.join(dir, 'disk'));
  fs.writeFileSync(path.join(dir, mark), mark === 'libvirt.xml' ? '<domain/>' : '{}');
}

/** Each layout's cache, holding unused entries to evict and one instance directory that must stay. */
const CACHES: Record<string, () => { root: string; vm: string; evictable: string[] }> = {
  nova() {
    const inst = path.join(tempDir('cachesweep-vmdirs-'), 'instances');
    const root = path.join(inst, '_base');
    fs.mkdirSync(path.join(inst, 'locks'), { recursive: true });
    for (const c of ['a', 'b', 'c']) rawImage(path.join(root, SHA(c)));
    instance(path.join(root, 'vm-restored'), 'disk.info', path.join(root, SHA('a')));
    return { root, vm: 'vm-restored', evictable: [SHA('b'), SHA('c')] };
  },
  glance() {
    const root = path.join(tempDir('cachesweep-vmdirs-'), 'image-cache');
    for (const d of ['incomplete', 'invalid', 'queue']) fs.mkdirSync(path.join(root, d), { recursive: true });
    for (const id of ['6c3b1f0e-1111-4000-8000-000000000001', '6c3b1f0e-1111-4000-8000-000000000002']) rawImage(path.join(root, id));
    instance(path.join(root, 'vm-copied'), 'console.log');
    return { root, vm: 'vm-copied', evictable: ['6c3b1f0e-1111-4000-8000-000000000001', '6c3b1f0e-1111-4000-8000-000000000002'] };
  },
  generic() {
    const root = tempDir('cachesweep-vmdirs-');
    rawImage(path.join(root, 'old.bin'));
    rawImage(path.join(root, 'older.bin'));
    instance(path.join(root, 'vm-parked'), 'libvirt.xml');
    return { root, vm: 'vm-parked', evictable: ['old.bin', 'older.bin'] };
  },
};

const STRATEGIES: Record<string, string[]> = {
  'age (expired)': ['--max-age', '1h'],
  'lru under pressure (threshold 1 B: evict all it may)': ['--strategy', 'lru', '--threshold', '1B'],
  'size under pressure': ['--strategy', 'size', '--threshold', '1B'],
};

const cases = Object.keys(CACHES).flatMap((layout) => Object.keys(STRATEGIES).map((s) => [layout, s] as const));

describe("a stopped instance's directory inside the cache", () => {
  it.each(cases)('%s layout, %s: kept as in-use saying why, everything else evicted, nothing in it read', async (layout, strategy) => {
    const { root, vm, evictable } = CACHES[layout]!();
    ageAll(root, 3 * DAY);
    const inside = snapshot(path.join(root, vm));
    const r = await runCli(['clean', root, ...STRATEGIES[strategy]!, '--json']);
    expect([0, 5]).toContain(r.code); // 5: the shortfall of a 1 B threshold the instance keeps from being met
    const plan = parseJson<{ layout: string; entries: JsonEntry[] }>(r);
    expect(plan.layout).toBe(layout);
    const kept = plan.entries.find((e) => e.name === vm);
    expect(kept).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(kept!.detail).toMatch(/Nova instance directory \(disk beside (libvirt\.xml|console\.log|disk\.info)\)/);
    for (const n of evictable) expect(plan.entries.find((e) => e.name === n)).toMatchObject({ decision: 'evict' });
    expect(fs.existsSync(path.join(root, vm))).toBe(true);
    expect(snapshot(path.join(root, vm))).toEqual(inside);
    for (const n of evictable) expect(fs.existsSync(path.join(root, n))).toBe(false);
    expect(r.stderr).not.toMatch(/failed/);
    expect(describeRun(r)).not.toMatch(/^\s+at /m);
  });
});
