/**
 * Issue 12, case 5: in use by identity, not by path: a directory entry is in use when a process holds open, maps, or
 * has as its current or root directory any inode of that entry, whatever path it used to get there: a bind-mount
 * alias in another mount namespace, a hard link outside the cache. Real processes, the built binary, and a check
 * that the entry survives `clean` while held and goes once let go.
 */
import fs from 'node:fs';
import path from 'node:path';
import { age, cleanup, holdCwd, holdOpen, holdRoot, holdWith, tempDir, type Held } from '../helpers/in-use.js';
import { parseJson, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';


afterEach(cleanup);

interface JsonEntry {
  name: string;
  decision: 'evict' | 'keep';
  reason: string;
  inUse: string[];
}

/** A generic cache: `job/` (a directory entry with a file two levels down) and `other/`, both idle for days. */
function cache() {
  const root = tempDir('cachesweep-identity-');
  for (const f of ['job/sub/deep/file.bin', 'job/top.bin', 'other/x.bin']) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), Buffer.alloc(8192, 7));
  }
  for (const p of ['job/sub/deep/file.bin', 'job/sub/deep', 'job/sub', 'job/top.bin', 'other/x.bin', 'job', 'other']) age(path.join(root, p), 3 * DAY);
  return root;
}

async function planOf(root: string): Promise<Map<string, JsonEntry>> {
  const r = await runCli(['plan', root, '--max-age', '1h', '--json']);
  expect(r.code).toBe(0);
  return new Map(parseJson<{ entries: JsonEntry[] }>(r).entries.map((e) => [e.name, e]));
}

/** The entry `job` is kept with a reason naming the holder, `other` goes; clean keeps `job` until the holder stops. */
async function expectHeld(root: string, h: Held, how: RegExp): Promise<void> {
  const p = await planOf(root);
  expect(p.get('job')).toMatchObject({ decision: 'keep', reason: 'in-use' });
  expect(p.get('job')!.inUse).toEqual([expect.stringMatching(how)]);
  expect(p.get('job')!.inUse[0]).toContain(`pid ${h.pid} `);
  expect(p.get('other')).toMatchObject({ decision: 'evict' });
  const r = await runCli(['clean', root, '--max-age', '1h']);
  expect(r.code).toBe(0);
  expect(fs.readdirSync(root)).toEqual(['job']);
  await h.stop();
  expect((await planOf(root)).get('job')).toMatchObject({ decision: 'evict' });
}

describe('a directory entry in use by inode, whatever path the process used (hostile case 5)', () => {
  it('a process whose current directory is inside the entry keeps it', async () => {
    const root = cache();
    const h = await holdCwd(path.join(root, 'job', 'sub', 'deep'));
    await expectHeld(root, h, /^current directory of pid \d+ \(python3\)$/);
  });

  it('a process whose root directory (chroot) is inside the entry keeps it', async () => {
    const root = cache();
    const h = await holdRoot(path.join(root, 'job', 'sub'));
    await expectHeld(root, h, /^root directory of pid \d+ \(python3\)$/);
  });

  it('a file opened through a hard link outside the cache keeps the directory entry holding its other name', async () => {
    const root = cache();
    const outside = path.join(tempDir('cachesweep-outside-'), 'same-inode.bin');
    fs.linkSync(path.join(root, 'job', 'sub', 'deep', 'file.bin'), outside);
    const h = await holdOpen(outside);
    await expectHeld(root, h, /^open by pid \d+ \(sleep\)$/);
  });

  it('a file opened through a bind-mount alias in another mount namespace keeps its directory entry', async () => {
    const root = cache();
    const alias = tempDir('cachesweep-alias-');
    // The alias exists only in the holder's private mount namespace: its fd link names /…/alias/deep/file.bin there.
    const script = 'mount --bind "$1" "$2" && exec 3<"$2/deep/file.bin" && echo ready && exec sleep 600';
    const h = await holdWith('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', path.join(root, 'job', 'sub'), alias]);
    const link = fs.readlinkSync(`/proc/${h.pid}/fd/3`);
    expect(link.startsWith(root)).toBe(false); // the path names the alias, not the cache
    await expectHeld(root, h, /^open by pid \d+ \(sleep\)$/);
  });
});
