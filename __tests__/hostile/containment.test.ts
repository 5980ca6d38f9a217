/**
 * Issue 12, case 3: names beginning with `..` are inside the cache. The "inside the root" checks tested
 * `path.relative(root, p).startsWith('..')`, so an entry `..dd` whose file a process held open was evicted while `dd`
 * set up the same way was kept (open files are now matched by inode; an in-use list names entries by path), and
 * `--state-dir cache/..state`, `--report cache/..r.json` and
 * `--metrics-file cache/..m.prom` were accepted inside the cache. Containment is now decided on path segments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { cleanup, holdOpen } from '../helpers/in-use.js';
import { assertBuilt, describeRun, parseJson, runCli } from '../helpers/run.js';

beforeAll(assertBuilt);
afterEach(cleanup);

function cache(): string {
  const root = path.join(tempDir('cachesweep-dotdot-'), 'cache');
  fs.mkdirSync(root);
  for (const name of ['..dd', 'dd', 'free']) writeFile(path.join(root, name), 8192, { mtimeMs: ago(3 * DAY) });
  return root;
}

describe('a name that begins with .. is inside the cache (hostile case 3)', () => {
  it('an entry ..dd named by absolute path in an in-use list is kept, as dd is', async () => {
    const root = cache();
    const list = path.join(path.dirname(root), 'in-use.txt');
    fs.writeFileSync(list, `${path.join(root, '..dd')}\n${path.join(root, 'dd')}\n`);
    const r = await runCli(['plan', root, '--max-age', '1h', '--in-use-from', list, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const by = Object.fromEntries(parseJson(r).entries.map((e: { name: string }) => [e.name, e]));
    expect(by['..dd']).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by.dd).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by.free).toMatchObject({ decision: 'evict' });
    const c = await runCli(['clean', root, '--max-age', '1h', '--in-use-from', list]);
    expect(c.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['..dd', 'dd']);
  });

  it('an entry ..dd held open is kept in use, as dd is', async () => {
    const root = cache();
    const held = [await holdOpen(path.join(root, '..dd')), await holdOpen(path.join(root, 'dd'))];
    const r = await runCli(['plan', root, '--max-age', '1h', '--json']);
    expect(r.code).toBe(0);
    const by = Object.fromEntries(parseJson(r).entries.map((e: { name: string }) => [e.name, e]));
    expect(by['..dd']).toMatchObject({ decision: 'keep', reason: 'in-use' });
    expect(by.dd).toMatchObject({ decision: 'keep', reason: 'in-use' });
    for (const h of held) await h.stop();
  });

  it.each([
    ['--state-dir', '..state', /^cachesweep: --state-dir: .*\/cache\/\.\.state is inside the cache root /],
    ['--report', '..r.json', /^cachesweep: --report: .*\/cache\/\.\.r\.json is inside the cache root /],
    ['--metrics-file', '..m.prom', /^cachesweep: --metrics-file: .*\/cache\/\.\.m\.prom is inside the cache root /],
  ])('%s cache/%s is refused as inside the cache: exit 2, one line, nothing written or deleted', async (flag, name, message) => {
    const root = cache();
    const state = path.join(path.dirname(root), 'state');
    const args = flag === '--state-dir' ? ['clean', root, '--max-age', '1h', flag, path.join(root, name)] : ['clean', root, '--max-age', '1h', flag, path.join(root, name), '--state-dir', state];
    const r = await runCli(args, { stateDir: false });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(root).sort()).toEqual(['..dd', 'dd', 'free']);
    expect(fs.existsSync(state)).toBe(false);
    expect(describeRun(r)).not.toMatch(/internal error/);
  });
});
