import fs from 'node:fs';
import path from 'node:path';
import { HOUR, ago, type NodeSpec, makeTree } from '../helpers/cache.js';
import { type PlanJson } from '../helpers/json.js';
import { describeRun, parseJson, startCli } from '../helpers/run.js';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.js';

// SIGTERM during a long list of deletions: the run finishes the entry it is deleting, deletes no other,
// reports the rest as skipped and exits 143. The signal is sent once the first victim is seen gone.
const VICTIMS = 400;
const FILES = 40;
let fsys: Tmpfs;
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 64 });
});
afterAll(() => fsys?.unmount());

const nameOf = (i: number): string => `d${String(i).padStart(3, '0')}`;

it('SIGTERM stops after the current entry and exits 143', async () => {
  const root = path.join(fsys.dir, 'cache');
  fs.mkdirSync(root);
  const now = Date.now();
  const spec: Record<string, NodeSpec> = {};
  for (let i = 0; i < VICTIMS; i++) {
    const t = ago((1000 - i) * HOUR, now); // d000 is the longest idle: evicted first
    const files: Record<string, NodeSpec> = {};
    for (let j = 0; j < FILES; j++) files[`f${j}`] = { size: 0, mtimeMs: t, atimeMs: t };
    spec[nameOf(i)] = { dir: files, mtimeMs: t, atimeMs: t };
  }
  makeTree(root, spec);

  const { child, done } = startCli(['clean', root, '--max-age', '1h', '--min-age', '0', '--json']);
  const first = path.join(root, nameOf(0));
  const t0 = Date.now();
  while (fs.existsSync(first)) {
    if (Date.now() - t0 > 30_000) throw new Error('the first victim was never deleted');
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGTERM');
  const r = await done;
  expect({ code: r.code, signal: r.signal, run: describeRun(r) }).toEqual({ code: 143, signal: null, run: describeRun(r) });

  const doc = parseJson<PlanJson & { applied: { interrupted: boolean } }>(r);
  const applied = doc.applied;
  expect(applied.interrupted).toBe(true);
  expect(applied.failed).toEqual([]);
  expect(applied.deleted.length).toBeGreaterThanOrEqual(1);
  expect(applied.deleted.length).toBeLessThan(VICTIMS); // it really stopped early
  // deleted in order, then every other victim skipped because of the signal
  expect(applied.deleted).toEqual(Array.from({ length: applied.deleted.length }, (_, i) => nameOf(i)));
  expect(applied.skipped.map((s) => s.name)).toEqual(
    Array.from({ length: VICTIMS - applied.deleted.length }, (_, i) => nameOf(applied.deleted.length + i)),
  );
  for (const s of applied.skipped) expect(s.why).toMatch(/SIGTERM/);
  // no entry is left half deleted: each is gone, or whole
  for (let i = 0; i < VICTIMS; i++) {
    const p = path.join(root, nameOf(i));
    if (i < applied.deleted.length) expect(fs.existsSync(p)).toBe(false);
    else expect(fs.readdirSync(p)).toHaveLength(FILES);
  }
});
