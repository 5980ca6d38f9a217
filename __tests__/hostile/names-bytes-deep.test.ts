/**
 * Byte-exact names (issue 12) meet entries at any depth (issues 14 and 15): with `--entries files` an entry's name
 * holds '/' and may hold bytes that are not UTF-8 in any component. The escape form escapes the bytes, never the
 * '/', and every input takes such a name back: a pin on the raw-byte directory keeps the file below it (the pin is
 * looked up for the name and every directory above it, each as its bytes), --protect matches it, touch records it,
 * and a clean deletes it and prunes the emptied raw-byte container through the root handle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cache.js';
import { assertBuilt, describeRun, parseJson, runCli } from '../helpers/run.js';

const base = tempDir('cachesweep-hostile-deep-');
const root = path.join(base, 'cache');
const state = path.join(base, 'state');
const DIR = Buffer.concat([Buffer.from(`${root}/wheels/`), Buffer.from([0xff]), Buffer.from('d')]);
const FILE = Buffer.concat([DIR, Buffer.from('/x'), Buffer.from([0xfe]), Buffer.from('.whl')]);
const SHOWN = 'wheels/\\xffd/x\\xfe.whl';

beforeAll(() => {
  assertBuilt();
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(FILE, Buffer.alloc(5000, 1));
  fs.writeFileSync(path.join(root, 'wheels', 'ok.whl'), Buffer.alloc(5000, 2));
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const run = async (...args: string[]): Promise<{ code: number; stdout: string }> => {
  const r = await runCli(args, { stateDir: state });
  return { code: r.code ?? -1, stdout: r.stdout + describeRun(r) };
};

const decisions = async (...extra: string[]): Promise<Record<string, string>> => {
  const r = await runCli(['plan', root, '--entries', 'files', '--min-age', '0s', '--max-age', '0s', '--json', ...extra], { stateDir: state });
  const doc = parseJson<{ entries: { name: string; decision: string }[] }>(r);
  return Object.fromEntries(doc.entries.map((e) => [e.name, e.decision]));
};

it('shows the nested raw-byte name in the escape form, with its slashes', async () => {
  expect(await decisions()).toEqual({ [SHOWN]: 'evict', 'wheels/ok.whl': 'evict' });
});

it('a pin on the raw-byte directory, given in the escape form, keeps the file below it', async () => {
  expect((await run('pin', root, 'wheels/\\xffd')).code).toBe(0);
  expect(await decisions()).toEqual({ [SHOWN]: 'keep', 'wheels/ok.whl': 'evict' });
  expect((await run('unpin', root, 'wheels/\\xffd')).code).toBe(0);
  expect((await decisions())[SHOWN]).toBe('evict');
});

it('--protect and touch take the nested name in the escape form', async () => {
  expect((await decisions('--protect', 'wheels/\\xffd/*'))[SHOWN]).toBe('keep');
  const t = await run('touch', root, SHOWN);
  expect(t.code).toBe(0);
  expect(t.stdout).toContain(`${SHOWN}: 1 hit`);
});

it('a clean deletes it by its bytes and prunes the emptied raw-byte container', async () => {
  const r = await run('clean', root, '--entries', 'files', '--min-age', '0s', '--max-age', '0s');
  expect(r.code).toBe(0);
  expect(fs.existsSync(FILE)).toBe(false);
  expect(fs.existsSync(DIR)).toBe(false);
});
