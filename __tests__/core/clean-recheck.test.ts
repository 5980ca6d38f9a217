/**
 * cleanCache asks the usage providers it chose again right before each deletion: a disk created, or a file
 * opened, after the plan was made saves its entry. The change happens in the beforeApply hook, the moment the
 * CLI's hidden --hold-before-apply also stops at: the plan is made and recorded, nothing is deleted yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cleanCache } from '../../src/core/clean.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { age, cleanup, holdOpen, qcow2Over, rawImage, tempDir, type Held } from '../helpers/in-use.js';

afterAll(cleanup);

it('victims that became in use between plan and deletion are skipped, the others deleted', async () => {
  const inst = path.join(tempDir(), 'instances');
  const base = path.join(inst, '_base');
  const names = ['1', '2', '3'].map((c) => c.repeat(40));
  for (const n of names) {
    rawImage(path.join(base, n));
    age(path.join(base, n), 3 * 86_400_000);
  }
  let planned: string[] = [];
  let held: Held | undefined;
  const { applied, storeError } = await cleanCache(
    { root: base, stateDir: path.join(tempDir(), 'state'), plan: planOptionsFrom({}) },
    {
      onPlanned: (plan) => {
        planned = [...plan.victims()].map((e) => e.entry.name).sort();
      },
      beforeApply: async () => {
        const first = path.join(base, names[0]!);
        const st = fs.statSync(first);
        qcow2Over(path.join(inst, 'late-vm', 'disk'), `../_base/${names[0]}`, 'raw'); // a new instance on image 1
        fs.utimesSync(first, st.atime, st.mtime); // qemu-img read it: put its times back, so that only the new disk can save it
        held = await holdOpen(path.join(base, names[1]!)); // something opens image 2
      },
    },
  );
  expect(planned).toEqual(names);
  expect(storeError).toBeNull();
  expect(applied.deleted).toEqual([names[2]]);
  expect([...applied.skipped].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: names[0], why: 'still in use: backing file of instances/late-vm/disk' },
    { name: names[1], why: `still in use: open by pid ${held!.pid} (sleep)` },
  ]);
  expect(fs.existsSync(path.join(base, names[0]!))).toBe(true);
  expect(fs.existsSync(path.join(base, names[1]!))).toBe(true);
  expect(fs.existsSync(path.join(base, names[2]!))).toBe(false);
});
