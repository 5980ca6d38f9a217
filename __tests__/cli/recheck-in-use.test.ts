/**
 * The detectors the CLI chooses are asked again right before each deletion (as clean does): a disk created, or a
 * file opened, after the plan was made saves its entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan } from '../../src/apply/apply.js';
import type { StatusArgs } from '../../src/cli/args/flags.js';
import { preparePlan } from '../../src/cli/pipeline.js';
import { recheckProviders } from '../../src/usage/signal.js';
import { age, cleanup, holdOpen, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

it('victims that became in use between plan and deletion are skipped, the others deleted', async () => {
  const inst = path.join(tempDir(), 'instances');
  const base = path.join(inst, '_base');
  const names = ['1', '2', '3'].map((c) => c.repeat(40));
  for (const n of names) {
    rawImage(path.join(base, n));
    age(path.join(base, n), 3 * 86_400_000);
  }
  const args: StatusArgs = { cacheDir: base, layout: 'auto', atime: true, json: true, format: 'json', quiet: true, ignoreUnreadableDisks: false, stateDir: path.join(tempDir(), 'state') };
  const { plan, prepared } = await preparePlan(args);
  expect(plan.entries.filter((e) => e.decision === 'evict').map((e) => e.entry.name).sort()).toEqual(names);

  const first = path.join(base, names[0]!);
  const st = fs.statSync(first);
  qcow2Over(path.join(inst, 'late-vm', 'disk'), `../_base/${names[0]}`, 'raw'); // a new instance on image 1
  fs.utimesSync(first, st.atime, st.mtime); // qemu-img read it: put its times back, so that only the new disk can save it
  const held = await holdOpen(path.join(base, names[1]!)); // something opens image 2

  const applied = await applyPlan(plan, {
    rootDev: prepared.rootDev,
    stopReason: () => null,
    stillProtected: (v) => recheckProviders(prepared.providers, v.entry, Date.now()),
  });
  expect(applied.deleted).toEqual([names[2]]);
  expect([...applied.skipped].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
    [
      { name: names[0], why: 'still in use: backing file of instances/late-vm/disk' },
      { name: names[1], why: `still in use: open by pid ${held.pid} (sleep)` },
    ],
  );
  expect(fs.existsSync(path.join(base, names[0]!))).toBe(true);
  expect(fs.existsSync(path.join(base, names[1]!))).toBe(true);
});
