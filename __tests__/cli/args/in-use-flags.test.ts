/** The in-use flags and --nova-conf through the BUILT cli: what they keep, what they refuse (exit 2). */
import fs from 'node:fs';
import path from 'node:path';
import { age, cleanup, holdFlock, holdOpen, qcow2Over, rawImage, tempDir } from '../../helpers/in-use.js';
import { parseJson, runCli } from '../../helpers/run.js';
import { setTimes } from '../../helpers/cache.js';
import { DAY, HOUR } from '../../helpers/units.js';

afterEach(cleanup);

const SHA1 = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

interface Doc {
  layout: string;
  entries: { name: string; decision: string; reason: string; inUse: string[]; detail: string | null }[];
  warnings: string[];
}
const decisions = (d: Doc): Record<string, string> => Object.fromEntries(d.entries.map((e) => [e.name, `${e.decision} ${e.reason}`]));

/** A generic cache of old files. */
function genericCache(names: string[]): string {
  const root = path.join(tempDir(), 'cache');
  for (const n of names) {
    rawImage(path.join(root, n), 64 * 1024);
    age(path.join(root, n), 3 * DAY);
  }
  return root;
}

/** instances/_base with two old originals, and instances/ beside it. */
function novaHost(): { inst: string; base: string } {
  const inst = path.join(tempDir(), 'instances');
  const base = path.join(inst, '_base');
  for (const n of [SHA1, SHA2]) rawImage(path.join(base, n));
  return { inst, base };
}
/**
 * Every image last read `ms` ago, written an hour before: images an instance used (an image never read after Nova's
 * own inspection of its download would be kept as warm for a day, docs/nova.md#pre-cached-images).
 */
const ageAll = (dir: string, ms: number): void =>
  fs.readdirSync(dir).forEach((n) => setTimes(path.join(dir, n), { mtimeMs: Date.now() - ms - HOUR, atimeMs: Date.now() - ms }));

describe('--in-use-from', () => {
  it('a list on stdin keeps the names and absolute paths it gives; unknown names are warnings', async () => {
    const root = genericCache(['one', 'two', 'three']);
    const r = await runCli(['plan', root, '--json', '--in-use-from', '-'], { input: `# keep these\none\n${path.join(root, 'two')}\nfour\n` });
    expect(r.code).toBe(0);
    const d = parseJson<Doc>(r);
    expect(decisions(d)).toEqual({ one: 'keep in-use', two: 'keep in-use', three: 'evict expired' });
    expect(d.entries.find((e) => e.name === 'one')!.inUse).toEqual(['listed in stdin']);
    expect(d.warnings).toEqual([`--in-use-from stdin line 4: 'four' is not an entry of the cache ${root}`]);
  });

  it('a list file that does not exist: exit 2, one line naming it, nothing deleted', async () => {
    const root = genericCache(['one']);
    const r = await runCli(['clean', root, '--in-use-from', path.join(root, '..', 'missing.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cachesweep: --in-use-from: ${path.join(root, '..', 'missing.txt')} does not exist`);
    expect(fs.existsSync(path.join(root, 'one'))).toBe(true);
  });
});

describe('open files and locks in a generic cache', () => {
  it('clean keeps a file a process holds open and one held with flock(1), and deletes the rest', async () => {
    const root = genericCache(['open', 'locked', 'free']);
    const o = await holdOpen(path.join(root, 'open'));
    const l = await holdFlock(path.join(root, 'locked'));
    const r = await runCli(['clean', root, '--json']);
    expect(r.code).toBe(0);
    const d = parseJson<Doc & { applied: { deleted: string[] } }>(r);
    expect(d.applied.deleted).toEqual(['free']);
    expect(d.entries.find((e) => e.name === 'open')!.inUse).toEqual([`open by pid ${o.pid} (sleep)`]);
    expect(d.entries.find((e) => e.name === 'locked')!.inUse).toEqual(expect.arrayContaining([`locked (flock by pid ${l.pid})`]));
    expect(fs.readdirSync(root).sort()).toEqual(['locked', 'open']);
  });
});

describe('instance disks', () => {
  it('--instances-dir protects what disks there back onto, for a cache that is not Nova-shaped', async () => {
    const root = genericCache(['base.img', 'other.img']);
    const vms = path.join(tempDir(), 'vms');
    qcow2Over(path.join(vms, 'vm1.qcow2'), path.join(root, 'base.img'), 'raw');
    age(path.join(root, 'base.img'), 3 * DAY);
    const d = parseJson<Doc>(await runCli(['plan', root, '--json', '--instances-dir', vms]));
    expect(decisions(d)).toEqual({ 'base.img': 'keep in-use', 'other.img': 'evict expired' });
    expect(d.entries.find((e) => e.name === 'base.img')!.inUse).toEqual(['backing file of vms/vm1.qcow2']);
  });

  it('an --instances-dir that does not exist, or inside the cache: exit 2', async () => {
    const root = genericCache(['x']);
    let r = await runCli(['plan', root, '--instances-dir', path.join(root, '..', 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: --instances-dir: .*nope does not exist\n$/);
    fs.mkdirSync(path.join(root, 'sub'));
    r = await runCli(['plan', root, '--instances-dir', path.join(root, 'sub')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is inside the cache/);
  });

  it('a disk that cannot be read keeps every entry and says so; --ignore-unreadable-disks lets the run go on', async () => {
    const { inst, base } = novaHost();
    fs.mkdirSync(path.join(inst, 'uuid-1'));
    fs.writeFileSync(path.join(inst, 'uuid-1', 'disk'), Buffer.concat([Buffer.from('QFI\xfb\0\0\0\x03', 'latin1'), Buffer.alloc(20)]));
    ageAll(base, 3 * DAY);
    const r = await runCli(['clean', base, '--json']);
    expect(r.code).toBe(0);
    const d = parseJson<Doc & { applied: { deleted: string[] } }>(r);
    expect(decisions(d)).toEqual({ [SHA1]: 'keep in-use', [SHA2]: 'keep in-use' });
    expect(d.entries[0]!.detail).toBe(
      'an instance disk could not be read (instances/uuid-1/disk): every entry is kept this run (--ignore-unreadable-disks to override)',
    );
    expect(d.warnings).toEqual([expect.stringMatching(/^cannot follow the backing chain of instances\/uuid-1\/disk: corrupt qcow2 header: truncated header/)]);
    expect(d.applied.deleted).toEqual([]);

    const text = await runCli(['plan', base]);
    expect(text.stderr).toMatch(/^cachesweep: warning: cannot follow the backing chain of instances\/uuid-1\/disk/m);

    const lenient = parseJson<Doc>(await runCli(['plan', base, '--json', '--ignore-unreadable-disks']));
    expect(decisions(lenient)).toEqual({ [SHA1]: 'evict expired', [SHA2]: 'evict expired' });
    expect(lenient.warnings).toHaveLength(1);
  });

  it('an instances/_base that is a symlink to a cache elsewhere still protects the disks beside the link', async () => {
    const top = tempDir();
    const real = path.join(top, 'fast-disk', 'image-cache');
    for (const n of [SHA1, SHA2]) rawImage(path.join(real, n));
    const inst = path.join(top, 'instances');
    fs.mkdirSync(inst);
    fs.symlinkSync(real, path.join(inst, '_base'));
    qcow2Over(path.join(inst, 'uuid-3', 'disk'), `../_base/${SHA1}`, 'raw');
    ageAll(real, 3 * DAY);
    const d = parseJson<Doc>(await runCli(['plan', path.join(inst, '_base'), '--json']));
    expect(decisions(d)).toEqual({ [SHA1]: 'keep in-use', [SHA2]: 'evict expired' });
    expect(d.entries.find((e) => e.name === SHA1)!.inUse).toEqual(['backing file of instances/uuid-3/disk']);
  });

  it('status shows what is in use', async () => {
    const { inst, base } = novaHost();
    qcow2Over(path.join(inst, 'uuid-2', 'disk'), `../_base/${SHA2}`, 'raw');
    const d = parseJson<{ entries: { name: string; inUse: string[] }[] }>(await runCli(['status', base, '--json']));
    expect(d.entries.find((e) => e.name === SHA2)!.inUse).toEqual(['backing file of instances/uuid-2/disk']);
    expect(d.entries.find((e) => e.name === SHA1)!.inUse).toEqual([]);
  });
});

describe('--nova-conf', () => {
  function withConf(extra: string) {
    const { inst, base } = novaHost();
    rawImage(path.join(base, `${SHA1}_10`));
    ageAll(base, 2 * 3_600_000); // 2h: over Nova's resized age (1h), under its original age (24h)
    const conf = path.join(path.dirname(inst), 'nova.conf');
    fs.writeFileSync(conf, `[DEFAULT]\nstate_path = ${path.dirname(inst)}\ninstances_path = $state_path/instances\n${extra}`);
    return { inst, base, conf };
  }

  it('gives the cache directory, the layout and the instances directory: `plan --nova-conf FILE` needs no cache-dir', async () => {
    const { inst, base, conf } = withConf('[image_cache]\nremove_unused_base_images = false\n');
    qcow2Over(path.join(inst, 'u', 'disk'), `../_base/${SHA1}_10`, 'raw');
    age(path.join(base, `${SHA1}_10`), 2 * 3_600_000);
    const r = await runCli(['plan', '--nova-conf', conf, '--json']);
    expect(r.code).toBe(0);
    const d = parseJson<Doc & { root: string }>(r);
    expect(d.root).toBe(base);
    expect(d.layout).toBe('nova');
    // SHA1 is SHA1_10's family: Nova keeps the two together while an instance uses one.
    expect(decisions(d)).toEqual({ [SHA1]: 'keep in-use', [SHA2]: 'keep not-expired', [`${SHA1}_10`]: 'keep in-use' });
    expect(d.warnings).toEqual([]);
  });

  it("takes Nova's ages from it; explicit --max-age wins; Nova's own cleaner still on is a warning", async () => {
    const { base, conf } = withConf('[image_cache]\nremove_unused_original_minimum_age_seconds = 3600\nremove_unused_resized_minimum_age_seconds = 86400\n');
    const d = parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--json']));
    expect(decisions(d)).toEqual({ [SHA1]: 'evict expired', [SHA2]: 'evict expired', [`${SHA1}_10`]: 'keep not-expired' });
    expect(d.warnings).toEqual([expect.stringContaining('remove_unused_base_images is on'), expect.stringMatching(/^no instance disks found under /)]);
    const explicit = parseJson<Doc>(await runCli(['plan', base, '--nova-conf', conf, '--max-age', '3h', '--json']));
    expect(decisions(explicit)).toEqual({ [SHA1]: 'keep not-expired', [SHA2]: 'keep not-expired', [`${SHA1}_10`]: 'keep not-expired' });
  });

  it('a bad nova.conf: exit 2 naming the file and line; a missing one: exit 2', async () => {
    const { conf } = withConf('[image_cache]\nremove_unused_resized_minimum_age_seconds = soon\n');
    let r = await runCli(['plan', '--nova-conf', conf]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachesweep: --nova-conf: ${conf} line 5: remove_unused_resized_minimum_age_seconds = 'soon' is not a whole number\n`);
    r = await runCli(['clean', '--nova-conf', `${conf}.missing`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cachesweep: --nova-conf: ${conf}.missing does not exist\n`);
  });

  it('without --nova-conf the cache directory is still required', async () => {
    const r = await runCli(['plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: cache-dir: missing/);
  });
});
