import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { OpenFilesDetector } from '../../src/usage/open-files.js';
import { cleanup, holdCwd, holdMapped, holdOpen, tempDir, type Held } from '../helpers/in-use.js';
import { REPO } from '../helpers/paths.js';

afterEach(cleanup);

function cache() {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'a.img'), 'a');
  fs.writeFileSync(path.join(root, 'b.img'), 'b');
  fs.mkdirSync(path.join(root, 'dir'));
  fs.writeFileSync(path.join(root, 'dir', 'inner'), 'i');
  return root;
}

/** Reasons come in /proc order (ascending pids): sort expectations the same way. */
const byPid = (x: string, y: string): number => Number(/pid (\d+)/.exec(x)![1]) - Number(/pid (\d+)/.exec(y)![1]);

function detect(root: string) {
  const warnings: string[] = [];
  const d = new OpenFilesDetector({ root, warn: (w) => warnings.push(w) });
  const entries = scan(root).entries;
  const usage = mergeUsage(entries, d.collect(entries));
  return { d, entries, warnings, inUse: (n: string) => usage.get(n)!.inUse, entry: (n: string) => entries.find((e) => e.name === n)! };
}

describe('OpenFilesDetector with real processes', () => {
  it('a child process holding a cache file open keeps that entry, naming its pid and command', async () => {
    const root = cache();
    const held = await holdOpen(path.join(root, 'a.img'));
    const r = detect(root);
    expect(r.inUse('a.img')).toEqual([expect.stringMatching(new RegExp(`^open by pid ${held.pid} \\(sleep\\)$`))]);
    expect(r.inUse('b.img')).toEqual([]);
    expect(r.inUse('dir')).toEqual([]);
    expect(r.d.recheck(r.entry('a.img'))).toHaveLength(1);
    await held.stop();
    expect(r.d.recheck(r.entry('a.img'))).toEqual([]);
  });

  it('a file open inside a directory entry keeps the directory', async () => {
    const root = cache();
    const held = await holdOpen(path.join(root, 'dir', 'inner'));
    expect(detect(root).inUse('dir')).toEqual([expect.stringContaining(`open by pid ${held.pid} `)]);
  });

  it('a file open under another name (a hard link outside the cache) is found by its inode', async () => {
    const root = cache();
    const outside = path.join(tempDir(), 'same-inode');
    fs.linkSync(path.join(root, 'b.img'), outside);
    const held = await holdOpen(outside);
    expect(detect(root).inUse('b.img')).toEqual([expect.stringContaining(`open by pid ${held.pid} `)]);
  });

  it('a file mapped into memory, its descriptor closed, is still in use', async () => {
    const root = cache();
    const file = path.join(root, 'a.img');
    fs.writeFileSync(file, Buffer.alloc(8192, 1));
    const held = await holdMapped(file);
    try {
      const fds = fs.readdirSync(`/proc/${held.pid}/fd`).map((fd) => fs.readlinkSync(`/proc/${held.pid}/fd/${fd}`));
      expect(fds).not.toContain(file); // not open: only mapped
      expect(detect(root).inUse('a.img')).toEqual([`mapped by pid ${held.pid} (python3)`]);
    } finally {
      await held.stop();
    }
  });

  it('a directory entry is matched by every inode inside it: the directory itself held open, a cwd, and at the re-check a file made after the scan', async () => {
    const root = cache();
    const r = detect(root);
    expect(r.inUse('dir')).toEqual([]);
    const dirFd = await holdOpen(path.join(root, 'dir')); // sh: exec 3<dir opens the directory itself
    const cwd = await holdCwd(path.join(root, 'dir'));
    expect(detect(root).inUse('dir')).toEqual([`open by pid ${dirFd.pid} (sleep)`, `current directory of pid ${cwd.pid} (python3)`].sort(byPid));
    await dirFd.stop();
    await cwd.stop();
    fs.mkdirSync(path.join(root, 'dir', 'later'));
    fs.writeFileSync(path.join(root, 'dir', 'later', 'new'), 'n');
    const late = await holdOpen(path.join(root, 'dir', 'later', 'new'));
    expect(r.d.recheck(r.entry('dir'))).toEqual([`open by pid ${late.pid} (sleep)`]); // r's scan never saw it
    expect(r.d.recheck(r.entry('b.img'))).toEqual([]);
  });

  it('our own open files do not count', () => {
    const root = cache();
    const fd = fs.openSync(path.join(root, 'a.img'), 'r');
    try {
      expect(detect(root).inUse('a.img')).toEqual([]);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('processes that cannot be inspected are counted and reported (run as nobody)', async () => {
    const root = cache();
    fs.chmodSync(root, 0o755);
    const held: Held = await holdOpen(path.join(root, 'a.img')); // a root process: nobody cannot see its fds
    // nobody may not be able to read the checkout (CI clones into private directories): give it a readable copy of dist/.
    const dist = tempDir('cachesweep-dist-');
    fs.cpSync(path.join(REPO, 'dist'), dist, { recursive: true });
    fs.writeFileSync(path.join(dist, 'package.json'), '{"type":"module"}\n');
    execFileSync('chmod', ['-R', 'a+rX', dist]);
    const script = `
      const { OpenFilesDetector } = await import(${JSON.stringify(path.join(dist, 'usage', 'open-files.js'))});
      const warnings = [];
      const d = new OpenFilesDetector({ root: ${JSON.stringify(root)}, warn: (w) => warnings.push(w) });
      const e = { name: 'a.img', path: ${JSON.stringify(path.join(root, 'a.img'))}, kind: 'file', fingerprint: { dev: 0, ino: 0 } };
      const signals = d.collect([e]);
      console.log(JSON.stringify({ signals, warnings }));`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const { signals, warnings } = JSON.parse(out) as { signals: unknown[]; warnings: string[] };
    expect(signals).toEqual([]); // it cannot see the holder...
    expect(warnings).toEqual([expect.stringMatching(/^\d+ of \d+ processes could not be inspected for open files \(permission denied\)/)]);
    const n = Number(/^(\d+)/.exec(warnings[0]!)![1]);
    expect(n).toBeGreaterThanOrEqual(1); // ...and says so: at least the holder was not inspected
    await held.stop();
    fs.rmSync(dist, { recursive: true, force: true });
  });
});
