/**
 * End to end on a realistic Nova host: instances/<uuid>/disk* backed by instances/_base images, resized copies,
 * swap and ephemeral files, downloads in progress, an image Nova is working on (its lock held), an image a process
 * has open, an unknown file. The BUILT cachesweep plans it (every decision and reason checked), then cleans it, and
 * every instance disk must still open with its whole backing chain.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntryDoc } from '../../src/report/plan-schema.js';
import { setTimes } from '../helpers/cache.js';
import { age, cleanup, holdFlock, holdOpen, qcow2Over, rawImage, tempDir, type Held } from '../helpers/in-use.js';
import { parseJson, runCli } from '../helpers/run.js';
import { MINUTE, HOUR, DAY } from '../helpers/units.js';

const sha = (s: string): string => createHash('sha1').update(s).digest('hex');

const IMG = {
  a: sha('cirros'), // backs instances/u1/disk through a relative name
  b: sha('ubuntu'), // its resized copy backs instances/u2/disk
  c: sha('old-unused'),
  d: sha('recent-unused'),
  e: sha('resized-unused'),
  f: sha('resized-recent'),
  g: sha('downloading'),
  h: sha('abandoned-download'),
  l: sha('nova-is-copying'),
  m: sha('deep-chain'),
  o: sha('open-by-a-process'),
  y: sha('just-fetched'),
};

/** An entry of the plan document (--json). */
type JsonEntry = EntryDoc;

let top: string;
let inst: string;
let base: string;
let disks: string[];
const held: Held[] = [];

beforeAll(async () => {
  top = tempDir('cachesweep-nova-');
  inst = path.join(top, 'instances');
  base = path.join(inst, '_base');
  const elsewhere = path.join(top, 'elsewhere');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(path.join(inst, 'locks'));
  fs.mkdirSync(elsewhere);
  const b = (n: string): string => path.join(base, n);

  for (const n of [IMG.a, `${IMG.b}_20`, 'swap_512', 'ephemeral_1_0706d66', IMG.c, IMG.d, `${IMG.e}_10`, `${IMG.f}_5`, 'swap_1024']) rawImage(b(n));
  for (const n of ['ephemeral_2_abc1234', IMG.l, IMG.m, IMG.o, IMG.y, `${IMG.g}.part`, `${IMG.h}.part`]) rawImage(b(n));
  fs.writeFileSync(b('notes.txt'), 'do not delete: the operator keeps notes here\n');
  rawImage(path.join(elsewhere, 'glance-copy.raw'));

  const u = (id: string, f = 'disk'): string => path.join(inst, id, f);
  qcow2Over(u('11111111-aaaa-4000-8000-000000000001'), `../_base/${IMG.a}`, 'raw');
  qcow2Over(u('22222222-aaaa-4000-8000-000000000002'), b(`${IMG.b}_20`), 'raw');
  qcow2Over(u('22222222-aaaa-4000-8000-000000000002', 'disk.swap'), b('swap_512'), 'raw');
  qcow2Over(u('22222222-aaaa-4000-8000-000000000002', 'disk.local'), b('ephemeral_1_0706d66'), 'raw');
  // Three levels: disk -> a snapshot overlay outside the cache -> a qcow2 overlay -> the base image.
  qcow2Over(path.join(elsewhere, 'overlay.qcow2'), b(IMG.m), 'raw');
  qcow2Over(path.join(elsewhere, 'snapshot.qcow2'), path.join(elsewhere, 'overlay.qcow2'), 'qcow2');
  qcow2Over(u('33333333-aaaa-4000-8000-000000000003'), path.join(elsewhere, 'snapshot.qcow2'), 'qcow2');
  // A disk backed by a file outside the cache only.
  qcow2Over(u('44444444-aaaa-4000-8000-000000000004'), path.join(elsewhere, 'glance-copy.raw'), 'raw');
  fs.writeFileSync(u('11111111-aaaa-4000-8000-000000000001', 'console.log'), 'boot\n');
  fs.writeFileSync(u('11111111-aaaa-4000-8000-000000000001', 'disk.info'), '{}');
  disks = [
    u('11111111-aaaa-4000-8000-000000000001'),
    u('22222222-aaaa-4000-8000-000000000002'),
    u('22222222-aaaa-4000-8000-000000000002', 'disk.swap'),
    u('22222222-aaaa-4000-8000-000000000002', 'disk.local'),
    u('33333333-aaaa-4000-8000-000000000003'),
    u('44444444-aaaa-4000-8000-000000000004'),
  ];

  // Times last: qemu-img reads the base images while it creates the overlays.
  const now = Date.now();
  const times: [string, number][] = [
    [IMG.a, 3 * DAY], [`${IMG.b}_20`, 3 * DAY], ['swap_512', 3 * DAY], ['ephemeral_1_0706d66', 3 * DAY],
    [IMG.c, 3 * DAY], [IMG.d, 2 * HOUR], [`${IMG.e}_10`, 2 * HOUR], [`${IMG.f}_5`, 30 * MINUTE], ['swap_1024', 3 * DAY],
    ['ephemeral_2_abc1234', 3 * DAY], [IMG.l, 3 * DAY], [IMG.m, 3 * DAY], [IMG.o, 3 * DAY], [IMG.y, 5 * MINUTE],
    [`${IMG.g}.part`, 1 * HOUR], [`${IMG.h}.part`, 3 * DAY], ['notes.txt', 30 * DAY],
  ];
  for (const [n, ms] of times) age(b(n), ms, now);
  // Two unused images an instance read after Nova wrote them (the others are older than a day, in use, partial or
  // too young): idle as above, but not warm, which an image unread since its download would be for a day.
  for (const [n, ms] of [[IMG.d, 2 * HOUR], [`${IMG.f}_5`, 30 * MINUTE]] as const) setTimes(b(n), { mtimeMs: now - ms - HOUR, atimeMs: now - ms });

  // Nova is copying image l: it holds instances/locks/nova-<l>. A process has image o open.
  const lockFile = path.join(inst, 'locks', `nova-${IMG.l}`);
  fs.writeFileSync(lockFile, '');
  held.push(await holdFlock(lockFile));
  held.push(await holdOpen(b(IMG.o)));
  // Left behind by an earlier download, nobody holds it: it must not keep image c.
  fs.writeFileSync(path.join(inst, 'locks', `nova-${IMG.c}`), '');
});

afterAll(cleanup);

/** name -> [class, decision, reason, detail or in-use reasons] */
function expected(): Record<string, [string, 'evict' | 'keep', string, string | RegExp | string[]]> {
  return {
    [IMG.a]: ['original', 'keep', 'in-use', ['backing file of instances/11111111-aaaa-4000-8000-000000000001/disk']],
    [`${IMG.b}_20`]: ['resized', 'keep', 'in-use', ['backing file of instances/22222222-aaaa-4000-8000-000000000002/disk']],
    swap_512: ['swap', 'keep', 'in-use', ['backing file of instances/22222222-aaaa-4000-8000-000000000002/disk.swap']],
    ephemeral_1_0706d66: ['ephemeral', 'keep', 'in-use', ['backing file of instances/22222222-aaaa-4000-8000-000000000002/disk.local']],
    [IMG.m]: ['original', 'keep', 'in-use', ['backing file of instances/33333333-aaaa-4000-8000-000000000003/disk (via snapshot.qcow2, overlay.qcow2)']],
    [IMG.l]: ['original', 'keep', 'in-use', ['locked by nova']],
    [IMG.o]: ['original', 'keep', 'in-use', [`open by pid ${held[1]!.pid} (sleep)`]],
    [IMG.c]: ['original', 'evict', 'expired', 'idle 3d, max-age 1d'],
    [IMG.d]: ['original', 'keep', 'not-expired', ''],
    [`${IMG.e}_10`]: ['resized', 'evict', 'expired', 'idle 2h, max-age 1h'],
    [`${IMG.f}_5`]: ['resized', 'keep', 'not-expired', ''],
    swap_1024: ['swap', 'evict', 'expired', 'idle 3d, max-age 1d'],
    ephemeral_2_abc1234: ['ephemeral', 'evict', 'expired', 'idle 3d, max-age 1d'],
    [`${IMG.g}.part`]: ['partial', 'keep', 'partial', ''],
    [`${IMG.h}.part`]: ['partial', 'evict', 'expired', 'stale partial download'],
    [IMG.y]: ['original', 'keep', 'too-young', ''],
    'notes.txt': ['unknown', 'keep', 'unknown', 'not a name Nova gives base images'],
  };
}

/** Every file's size and times under the cache, to prove the dry run changed nothing. */
function stamps(): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  for (const n of fs.readdirSync(base)) {
    const st = fs.statSync(path.join(base, n));
    out[n] = [st.size, st.mtimeMs, st.atimeMs];
  }
  return out;
}

describe('a Nova host, end to end with the built cachesweep', () => {
  let plan: { layout: string; entries: JsonEntry[]; warnings: string[]; summary: { evictCount: number } };

  it('plan --json: the nova layout, every decision and reason, and the plan changes nothing', async () => {
    const before = stamps();
    const r = await runCli(['plan', base, '--json']);
    expect(r.code).toBe(0);
    plan = parseJson(r);
    expect(plan.layout).toBe('nova');
    const want = expected();
    expect(plan.entries.map((e) => e.name).sort()).toEqual(Object.keys(want).sort());
    for (const e of plan.entries) {
      const [cls, decision, reason, more] = want[e.name]!;
      const got = { name: e.name, class: e.class, decision: e.decision, reason: e.reason };
      expect(got).toEqual({ name: e.name, class: cls, decision, reason });
      if (Array.isArray(more)) {
        expect({ name: e.name, inUse: e.inUse }).toEqual({ name: e.name, inUse: more });
        expect(e.detail).toBe(more.join('; '));
      } else {
        expect({ name: e.name, inUse: e.inUse, detail: e.detail ?? '' }).toEqual({ name: e.name, inUse: [], detail: more });
      }
    }
    expect(plan.summary.evictCount).toBe(5);
    expect(plan.warnings).toEqual([]);
    expect(stamps()).toEqual(before);
  });

  it('the text plan names the reasons too', async () => {
    const r = await runCli(['plan', base]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('in-use: backing file of instances/11111111-aaaa-4000-8000-000000000001/disk');
    expect(r.stdout).toContain('in-use: locked by nova');
    expect(r.stdout).toMatch(/would evict 5 of 17 entries/);
  });

  it('clean deletes exactly the planned victims, and every instance disk still opens with its whole backing chain', async () => {
    const r = await runCli(['clean', base, '--json']);
    expect(r.code).toBe(0);
    const out = parseJson<{ applied: { deleted: string[]; skipped: unknown[]; failed: unknown[] } }>(r);
    const victims = Object.entries(expected())
      .filter(([, [, d]]) => d === 'evict')
      .map(([n]) => n)
      .sort();
    expect([...out.applied.deleted].sort()).toEqual(victims);
    expect(out.applied.skipped).toEqual([]);
    expect(out.applied.failed).toEqual([]);
    const left = fs.readdirSync(base).sort();
    expect(left).toEqual(Object.keys(expected()).filter((n) => !victims.includes(n)).sort());
    for (const disk of disks) {
      const info = execFileSync('qemu-img', ['info', '--backing-chain', '--output=json', disk], { encoding: 'utf8' });
      const chain = JSON.parse(info) as { filename: string }[];
      for (const link of chain) expect(fs.existsSync(link.filename.startsWith('/') ? link.filename : path.join(path.dirname(disk), link.filename))).toBe(true);
    }
  });

  it('once Nova releases its lock and the process closes its file, those images go too (they are old)', async () => {
    for (const h of held.splice(0)) await h.stop();
    const r = await runCli(['plan', base, '--json']);
    const p = parseJson<{ entries: JsonEntry[] }>(r);
    const evict = p.entries.filter((e) => e.decision === 'evict').map((e) => e.name).sort();
    expect(evict).toEqual([IMG.l, IMG.o].sort());
  });
});
