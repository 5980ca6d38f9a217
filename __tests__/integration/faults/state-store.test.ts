import fs from 'node:fs';
import path from 'node:path';
import { makeCache, removeDir, snapshot } from '../../helpers/cache.js';
import { describeRun, runCli } from '../../helpers/run.js';
import { oldDir, oldFile } from '../../helpers/faults.js';
import { mountTmpfs, type Tmpfs } from '../../helpers/tmpfs.js';

// The state directory on a full filesystem: one clear line, exit 2, nothing deleted; once there is space again
// the next run works. (A corrupt store and one locked past its busy timeout: __tests__/integration/store-cli.test.ts,
// "a store that cannot be used stops clean before anything is deleted".)
let fsys: Tmpfs;
const made: string[] = [];
beforeAll(() => {
  fsys = mountTmpfs({ sizeMb: 1 });
});
afterAll(() => {
  fsys?.unmount();
  made.forEach(removeDir);
});

const fill = (): string => {
  const f = path.join(fsys.dir, `fill-${Date.now()}`);
  const fd = fs.openSync(f, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return f;
};

const cache = (): string => {
  const root = makeCache({ a: oldFile(), b: oldDir(2), c: oldFile() });
  made.push(root);
  return root;
};

const expectRefused = (r: Awaited<ReturnType<typeof runCli>>): void => {
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 2, run: describeRun(r) });
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cachesweep: usage store .*usage\.db: the filesystem is full \(.*\); free space there or use another --state-dir$/)]);
  expect(r.stdout).toBe('');
};

it('a new store on a full filesystem: one line, exit 2, nothing deleted; the next run, with space, completes', async () => {
  const root = cache();
  const state = path.join(fsys.dir, 'new-state');
  const filler = fill();
  const before = snapshot(root);
  expectRefused(await runCli(['clean', root, '--max-age', '1d', '--json'], { stateDir: state }));
  expect(snapshot(root)).toEqual(before);
  fs.unlinkSync(filler);
  const r = await runCli(['clean', root, '--max-age', '1d'], { stateDir: state });
  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  expect(fs.readdirSync(root)).toEqual([]);
});

it('an existing store on a filesystem that filled up since: one line, exit 2, nothing deleted', async () => {
  const root = cache();
  const state = path.join(fsys.dir, 'old-state');
  const first = await runCli(['touch', root, 'a'], { stateDir: state });
  expect(first.code).toBe(0);
  const filler = fill();
  try {
    const before = snapshot(root);
    expectRefused(await runCli(['clean', root, '--max-age', '1d'], { stateDir: state }));
    expect(snapshot(root)).toEqual(before);
  } finally {
    fs.unlinkSync(filler);
  }
});
