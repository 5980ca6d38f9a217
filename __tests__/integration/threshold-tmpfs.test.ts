import fs from 'node:fs';
import path from 'node:path';
import { ago, writeFile } from '../helpers/cache.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { HOUR, DAY, MiB } from '../helpers/units.js';
import { expectPlanDocument, type PlanJson } from '../helpers/json.js';
import { dfBytes, dfPercent, mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// A real 64 MiB tmpfs filled with real data to about 90% Use% as df reports it; an LRU run with
// --threshold 85% --target 70% must bring df's Use% to 70% or below, evicting the least recently used first.
const SIZE = 2 * MiB;
let fsys: Tmpfs;
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 64 });
});
afterAll(() => fsys?.unmount());

const nameOf = (i: number): string => `e${String(i).padStart(2, '0')}`;

it('brings df Use% from ~90% to the 70% target in LRU order, as the JSON figures say', async () => {
  const root = path.join(fsys.dir, 'cache');
  fs.mkdirSync(root);
  const now = Date.now();
  // entry i was last used (100 - i) hours ago: e00 is the least recently used. For odd i only the atime says so
  // (the mtime is 200 days old): a run that ignored atimes would evict them first.
  let count = 0;
  while (dfBytes(root).percent < 89.5) {
    const lastUsed = ago((100 - count) * HOUR, now);
    const mtimeMs = count % 2 === 1 ? ago(200 * DAY, now) : lastUsed;
    writeFile(path.join(root, nameOf(count)), SIZE, { mtimeMs, atimeMs: lastUsed });
    count++;
    if (count > 40) throw new Error('the tmpfs does not fill up as expected');
  }
  const before = dfBytes(root);
  expect(dfPercent(root)).toBeGreaterThanOrEqual(90);
  const total = before.used + before.avail;
  // the fewest entries whose removal meets 70%
  let need = 0;
  while ((before.used - need * SIZE) / total > 0.7) need++;
  expect(need).toBeGreaterThan(2);
  expect(need).toBeLessThan(count);

  const r = await runCli(['clean', root, '--strategy', 'lru', '--threshold', '85%', '--target', '70%', '--min-age', '0', '--json']);
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  const doc = parseJson<PlanJson>(r);
  expectPlanDocument(doc, { root, dryRun: false, applied: true });

  const after = dfBytes(root);
  expect(dfPercent(root)).toBeLessThanOrEqual(70);
  // LRU order, and no more than needed: exactly the `need` least recently used are gone, the newest survive
  const expectedGone = Array.from({ length: need }, (_, i) => nameOf(i));
  const survivors = Array.from({ length: count - need }, (_, i) => nameOf(need + i));
  expect(doc.applied!.deleted).toEqual(expectedGone);
  expect(fs.readdirSync(root).sort()).toEqual(survivors);
  expect(doc.entries.filter((e) => e.decision === 'evict').map((e) => e.name)).toEqual(expectedGone);
  for (const e of doc.entries.filter((x) => x.decision === 'keep')) expect(e.reason).toBe('target-met');

  // the tool's figures are df's figures
  expect(doc.trigger).toEqual(expect.objectContaining({ kind: 'percent', threshold: 85, target: 70, reached: true }));
  expect(Math.abs(doc.before.diskUsedPercent - before.percent)).toBeLessThan(0.01);
  expect(Math.abs(doc.after.diskUsedPercent - after.percent)).toBeLessThan(0.05);
  // df prints Use% rounded up to a whole percent
  const shown = dfPercent(root);
  expect(doc.after.diskUsedPercent).toBeGreaterThan(shown - 1);
  expect(doc.after.diskUsedPercent).toBeLessThanOrEqual(shown);
  expect(doc.after.diskUsedPercent).toBeLessThanOrEqual(70);
  expect(doc.before.diskAvailableBytes).toBe(before.avail);
  expect(doc.after.diskAvailableBytes).toBe(after.avail);
});
