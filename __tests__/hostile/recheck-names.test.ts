/**
 * Review of issue 15 (the store's rows matched to entries by name order, binary search and dev/ino; the plan's seen
 * hits in typed arrays): a pin or a `cachesweep touch` made between the plan and the deletion must still save its
 * entry through the built binary, whatever the names: past U+FFFF, raw bytes that are not UTF-8, names that differ
 * only in case or sort around '/', `--entries files` (entries not in name order: the walk gives `d/x` before `d-a`),
 * a pin on a directory above, and a name whose store holds an older inode with more hits (the seen-hits slot of that
 * name is the stale identity: the live one's count is the one the re-check compares). provider.property.test.ts checks
 * the provider against the one it replaced in-process; this is the same guarantee end to end, under the hold hook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir } from '../helpers/cache.js';
import { makeHold } from '../helpers/faults.js';
import { type PlanJson } from '../helpers/json.js';
import { assertBuilt, describeRun, parseJson, runCli, startCli, type RunResult } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';
import { decodeName } from '../../src/shared/names.js';
import { openStoreForWrite } from '../../src/usage/store/open.js';
import { recordHit } from '../../src/usage/store/write.js';

const base = tempDir('cachesweep-recheck-names-');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeAll(assertBuilt);

const ok = (r: RunResult): RunResult => {
  if (r.code !== 0) throw new Error(describeRun(r));
  return r;
};

/** Old files at these byte names under a new root (parents made), each with hits recorded 9 days ago (some twice). */
function cacheOf(dir: string, names: Buffer[]): string {
  const root = path.join(base, dir);
  fs.mkdirSync(root);
  const old = ago(10 * DAY) / 1000;
  for (const n of names) {
    const p = Buffer.concat([Buffer.from(`${root}/`), n]);
    fs.mkdirSync(p.subarray(0, p.lastIndexOf(0x2f)), { recursive: true });
    fs.writeFileSync(p, Buffer.alloc(5000, 1));
    fs.utimesSync(p, old, old);
  }
  return root;
}

function seedHits(state: string, root: string, names: Buffer[], stale: readonly string[]): void {
  const store = openStoreForWrite(state);
  try {
    const t = ago(9 * DAY);
    // An older inode of the name with more hits, recorded first (the lower id: the name's slot in the seen hits).
    for (const s of stale) for (let k = 0; k < 3; k++) recordHit(store, root, { name: s, dev: 1, ino: 987654321, kind: 'file' }, t);
    for (const n of names) {
      const st = fs.lstatSync(Buffer.concat([Buffer.from(`${root}/`), n]));
      recordHit(store, root, { name: decodeName(n), dev: st.dev, ino: st.ino, kind: 'file' }, t);
    }
  } finally {
    store.close();
  }
}

async function cleanHeld(root: string, state: string, extra: string[], between: () => Promise<void>): Promise<PlanJson> {
  const hold = makeHold(base);
  const run = startCli(['clean', root, '--max-age', '1d', '--json', ...extra, ...hold.args], { stateDir: state });
  await hold.planned();
  await between();
  hold.go();
  return parseJson<PlanJson>(ok(await run.done));
}

/** The names still there, as hex (exact bytes). */
const left = (root: string, names: Buffer[]): string[] => names.filter((n) => fs.existsSync(Buffer.concat([Buffer.from(`${root}/`), n]))).map((n) => n.toString('hex'));
const hex = (ns: (string | Buffer)[]): string[] => ns.map((n) => (Buffer.isBuffer(n) ? n : Buffer.from(n)).toString('hex')).sort();

it('a pin or a touch after the plan saves its entry among names out of byte order, raw bytes and case twins', async () => {
  const RAW = Buffer.from([0x64, 0xff]); // "d" then a byte that is not UTF-8, shown d\xff
  const names = ['a', 'A', 'a.b', 'ab', '\u{1F600}x', 'z', 'é', '\uFFFDq'].map((n) => Buffer.from(n)).concat([RAW]);
  const root = cacheOf('flat', names);
  const state = path.join(base, 'state-flat');
  seedHits(state, root, names, ['a', 'A']);
  const doc = await cleanHeld(root, state, [], async () => {
    for (const n of ['\u{1F600}x', 'd\\xff']) ok(await runCli(['pin', root, n], { stateDir: state }));
    for (const n of ['a', 'é']) ok(await runCli(['touch', root, n], { stateDir: state }));
  });
  const why = Object.fromEntries(doc.applied!.skipped.map((s) => [s.name, s.why]));
  expect(doc.applied!.failed).toEqual([]);
  expect(why).toEqual({
    '\u{1F600}x': expect.stringContaining('pinned with cachesweep pin after the plan was made'),
    'd\\xff': expect.stringContaining('pinned with cachesweep pin after the plan was made'),
    a: expect.stringContaining('used after the plan was made'),
    é: expect.stringContaining('used after the plan was made'),
  });
  // Hits seen by the plan and not added to since: the re-check lets them go (A's stale inode has more hits than A).
  expect([...doc.applied!.deleted].sort()).toEqual(['A', 'a.b', 'ab', 'z', '\uFFFDq'].sort());
  expect(left(root, names).sort()).toEqual(hex(['a', '\u{1F600}x', 'é', RAW]));
});

it('--entries files: a pin on a directory above and a touch after the plan save entries the walk gives out of name order', async () => {
  const names = ['d/x', 'd/y', 'd-a', 'd.b', 'e/\u{1F600}', 'e/\u{1F600}/k', 'ea'].filter((n) => n !== 'e/\u{1F600}').map((n) => Buffer.from(n));
  const root = cacheOf('deep', names);
  const state = path.join(base, 'state-deep');
  seedHits(state, root, names, ['d.b']);
  const doc = await cleanHeld(root, state, ['--entries', 'files'], async () => {
    ok(await runCli(['pin', root, 'd'], { stateDir: state }));
    ok(await runCli(['touch', root, 'd.b'], { stateDir: state }));
    ok(await runCli(['touch', root, 'e/\u{1F600}/k'], { stateDir: state }));
  });
  const why = Object.fromEntries(doc.applied!.skipped.map((s) => [s.name, s.why]));
  expect(doc.applied!.failed).toEqual([]);
  expect(Object.keys(why).sort()).toEqual(['d.b', 'd/x', 'd/y', 'e/\u{1F600}/k'].sort());
  expect(why['d/x']).toContain('pinned with cachesweep pin after the plan was made');
  expect(why['d.b']).toContain('used after the plan was made');
  expect(why['e/\u{1F600}/k']).toContain('used after the plan was made');
  expect([...doc.applied!.deleted].sort()).toEqual(['d-a', 'ea']);
  expect(left(root, names).sort()).toEqual(hex(['d/x', 'd/y', 'd.b', 'e/\u{1F600}/k']));
});
