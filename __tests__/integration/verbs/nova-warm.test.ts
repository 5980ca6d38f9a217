/**
 * Images Nova pre-caches, on a real nova-shaped tree made as Nova makes it, through the built binary with the default
 * --warm-grace (24h). A pre-cache (`openstack aggregate cache image` -> LibvirtDriver.cache_image ->
 * images.fetch_to_raw) downloads `<sha1>.part`, reads it (qemu-img info), converts it to `<sha1>.converted`, reads
 * that (qemu-img info) and renames it to `<sha1>`: under relatime its atime ends a moment after its mtime, and nothing
 * backs onto it. Such an image is kept as `warm` under pressure while older used ones go; the first read after the
 * inspection, an instance backing onto it, or the end of the grace make it an entry like any other.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimes } from '../../helpers/cache.js';
import { cleanup, qcow2Over, qemuImg, rawImage, tempDir } from '../../helpers/in-use.js';
import { parseJson, runCli } from '../../helpers/run.js';
import { DAY, HOUR } from '../../helpers/units.js';

afterAll(cleanup);

interface Doc {
  entries: { name: string; decision: string; reason: string; detail: string | null }[];
}
const sha1 = (id: string): string => createHash('sha1').update(id).digest('hex');
const iso = (ms: number): string => new Date(ms).toISOString();

/** What images.fetch_to_raw leaves in _base for `id`: the download and the conversion each read right after written. */
function fetchToRaw(base: string, id: string): string {
  const target = path.join(base, sha1(id));
  const src = path.join(tempDir(), 'glance.raw');
  rawImage(src, 4 * 1024 * 1024);
  qemuImg('convert', '-q', '-f', 'raw', '-O', 'qcow2', src, `${target}.part`); // the image as Glance serves it
  qemuImg('info', `${target}.part`); // do_image_deep_inspection / qemu_img_info
  qemuImg('convert', '-q', '-f', 'qcow2', '-O', 'raw', `${target}.part`, `${target}.converted`); // force_raw_images
  fs.unlinkSync(`${target}.part`);
  qemuImg('info', `${target}.converted`); // qemu_img_info(staged)
  fs.renameSync(`${target}.converted`, target);
  const st = fs.statSync(target);
  // Where timestamps are too coarse for the read to land after the write (or atimes are off), place it 1.5 s after,
  // as relatime records it on a fine-grained filesystem: this test is about what the planner makes of that read.
  if (st.atimeMs <= st.mtimeMs) setTimes(target, { mtimeMs: st.mtimeMs, atimeMs: st.mtimeMs + 1500 });
  return target;
}

describe('nova: an image Nova pre-cached', () => {
  const top = tempDir();
  const inst = path.join(top, 'instances');
  const base = path.join(inst, '_base');
  fs.mkdirSync(base, { recursive: true });
  const now = Math.ceil(Date.now() / 1000) * 1000;
  const precached = fetchToRaw(base, 'precached-image');
  const booted = fetchToRaw(base, 'booted-image');
  qcow2Over(path.join(inst, 'inst-1', 'disk'), booted, 'raw'); // a boot: its disk backs onto the image
  const readLater = fetchToRaw(base, 'read-later-image');
  setTimes(readLater, { mtimeMs: now - 2 * DAY, atimeMs: now - 5 * HOUR }); // read a day after its download
  const old = fetchToRaw(base, 'old-image');
  setTimes(old, { mtimeMs: now - 9 * DAY, atimeMs: now - 3 * DAY });
  const name = (p: string): string => path.basename(p);
  // 64 KiB of data each: every image not in use must go to get down to the one in use.
  const lru = ['--instances-dir', inst, '--strategy', 'lru', '--threshold', '100K', '--target', '64K', '--json'];
  const plan = async (at: number, ...more: string[]): Promise<Record<string, Doc['entries'][number]>> => {
    const r = await runCli(['plan', base, ...lru, ...more, '--now', iso(at)]);
    return Object.fromEntries(parseJson<Doc>(r).entries.map((e) => [e.name, e]));
  };
  const nova = (at: number, ...more: string[]) => plan(at, '--layout', 'nova', ...more);

  it('is kept as warm under pressure, three hours later, by the default grace, while older used ones go', async () => {
    const d = await nova(now + 3 * HOUR);
    expect(d[name(precached)]).toMatchObject({ decision: 'keep', reason: 'warm' });
    expect(d[name(precached)]!.detail).toMatch(/^arrived \S+Z, not used since \(read \d+s after its write: Nova's inspection of its download, not a use\); grace ends \S+Z$/);
    expect(d[name(booted)]).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(d[name(readLater)]).toMatchObject({ decision: 'evict', reason: 'over-threshold' });
    expect(d[name(old)]).toMatchObject({ decision: 'evict', reason: 'over-threshold' });
  });

  it('is an entry like any other once the grace is over, or with --warm-grace 0', async () => {
    expect((await nova(now + 25 * HOUR))[name(precached)]).toMatchObject({ decision: 'evict', reason: 'over-threshold' });
    expect((await nova(now + 3 * HOUR, '--warm-grace', '0'))[name(precached)]).toMatchObject({ decision: 'evict', reason: 'over-threshold' });
  });

  it('the same read a generic cache sees is a use: only the nova layout knows its writer reads each download', async () => {
    const d = await plan(now + 3 * HOUR, '--layout', 'generic');
    expect(d[name(precached)]).toMatchObject({ decision: 'evict', reason: 'over-threshold' });
  });
});
