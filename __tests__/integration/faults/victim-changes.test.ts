import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, removeDir, snapshot, tempDir } from '../../helpers/cache.js';
import { cleanup as stopHolders, holdFlock, holdOpen } from '../../helpers/in-use.js';
import { describeRun, parseJson, startCli } from '../../helpers/run.js';
import { MINUTE } from '../../helpers/units.js';
import { expectOnlyDeletedGone, makeHold, oldDir, oldFile } from '../../helpers/faults.js';
import { type PlanJson } from '../../helpers/json.js';

// Victims that change between the plan and their deletion: the run is held (hidden --hold-before-apply) right
// after printing its plan, the test changes them, then lets it go on. Each changed victim is skipped with why,
// the others are deleted, and the exit code stays 0.
const made: string[] = [];
afterAll(async () => {
  await stopHolders();
  made.forEach(removeDir);
});

it('a victim that vanishes, grows, is replaced, becomes open or locked is skipped with why; the rest are deleted; exit 0', async () => {
  const young = { size: 4096, mtimeMs: ago(MINUTE), atimeMs: ago(MINUTE) };
  const root = makeCache({
    vanishes: oldFile(),
    grows: oldFile(),
    replaced: oldFile(),
    opened: oldFile(),
    locked: oldFile(),
    'dir-grows': oldDir(3),
    ok1: oldFile(),
    ok2: oldDir(3),
    young,
  });
  const work = tempDir();
  made.push(root, work);
  const hold = makeHold(work);
  const run = startCli(['clean', root, '--max-age', '1d', '--json', ...hold.args]);
  await hold.planned();

  fs.unlinkSync(path.join(root, 'vanishes'));
  fs.appendFileSync(path.join(root, 'grows'), 'more');
  fs.writeFileSync(path.join(root, 'replaced.new'), Buffer.alloc(8192, 0x5a));
  fs.utimesSync(path.join(root, 'replaced.new'), fs.statSync(path.join(root, 'replaced')).atime, fs.statSync(path.join(root, 'replaced')).mtime);
  fs.renameSync(path.join(root, 'replaced.new'), path.join(root, 'replaced')); // same name, size and times: only the inode differs
  const opener = await holdOpen(path.join(root, 'opened'));
  const locker = await holdFlock(path.join(root, 'locked'));
  fs.writeFileSync(path.join(root, 'dir-grows', 'new-file'), 'x');
  const before = snapshot(root);
  hold.go();
  const r = await run.done;

  expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
  const applied = parseJson<PlanJson>(r).applied!;
  expect(applied.failed).toEqual([]);
  expect([...applied.deleted].sort()).toEqual(['ok1', 'ok2']);
  const why = Object.fromEntries(applied.skipped.map((s) => [s.name, s.why]));
  expect(why).toEqual({
    vanishes: 'already gone (vanished since the scan)',
    grows: expect.stringMatching(/^size changed since the scan \(8192 -> 8196 bytes\)$/),
    replaced: 'replaced since the scan (new inode)',
    opened: expect.stringMatching(new RegExp(`^still in use: open by pid ${opener.pid} \\(sleep\\)`)),
    locked: expect.stringMatching(new RegExp(`^still in use: .*lock.*pid ${locker.pid}`)),
    'dir-grows': expect.stringMatching(/since the scan/),
  });
  expectOnlyDeletedGone(before, snapshot(root), applied.deleted);
  expect(fs.existsSync(path.join(root, 'young'))).toBe(true);
});
