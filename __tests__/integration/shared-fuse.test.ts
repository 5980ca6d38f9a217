/**
 * Shared storage detected from a real filesystem, not from the test switch: a Nova instances directory on a FUSE
 * mount (bindfs, in a private mount namespace made by `unshare -m`; FUSE is one of the network and cluster
 * filesystem families, statfs type 0x65735546). No NFS server can run here; NFS, SMB, CephFS, Lustre, GPFS, OCFS2 and
 * GFS2 are told by the same statfs test with their own magic numbers (__tests__/sys/filesystems.test.ts), and their
 * lock-defeating mount options from the mount table. Through the built binary:
 * - plan (text and JSON), status (text and JSON) and the Markdown and HTML reports say the storage is shared, and why;
 * - bindfs is not a daemon known to pass fcntl locks to other hosts: every run warns that other hosts are not excluded;
 * - without --shared-storage, two clean runs with different state directories take the lock in instances/locks/
 *   (beside Nova's, on the mount) and never both delete a victim, and neither reports a failure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { age, cleanup, rawImage, tempDir } from '../helpers/in-use.js';
import { requireRoot } from '../helpers/tmpfs.js';
import { BIN, assertBuilt } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

afterAll(cleanup);

const SHA = (c: string): string => c.repeat(40);
const VICTIMS = ['a', 'b', 'c', 'd', 'e', 'f'].map(SHA);

/**
 * Run `body` (sh) in a new mount namespace with `$SRC` mounted through bindfs on `$MNT`; the daemon runs in the
 * foreground under the script and goes when the mount does (umount), so nothing outlives the namespace.
 */
function inFuseNamespace(src: string, mnt: string, out: string, body: string): void {
  const script = `
set -u
bindfs -f "$SRC" "$MNT" & daemon=$!
i=0; while ! mountpoint -q "$MNT"; do i=$((i+1)); [ $i -gt 200 ] && { echo 'bindfs did not mount' >&2; exit 97; }; sleep 0.05; done
run() { name=$1; shift; node "$BIN" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo $? >"$OUT/$name.rc"; }
${body}
umount "$MNT"; wait $daemon
`;
  const env: NodeJS.ProcessEnv = { ...process.env, SRC: src, MNT: mnt, OUT: out, BIN };
  for (const k of Object.keys(env)) if (k.startsWith('CACHESWEEP_')) delete env[k];
  execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 120_000 });
}

const read = (out: string, name: string) => ({
  code: Number(fs.readFileSync(path.join(out, `${name}.rc`), 'utf8')),
  stdout: fs.readFileSync(path.join(out, `${name}.out`), 'utf8'),
  stderr: fs.readFileSync(path.join(out, `${name}.err`), 'utf8'),
});

describe('a Nova cache on a FUSE mount (bindfs in unshare -m)', () => {
  let src: string;
  let mnt: string;
  let out: string;
  let base: string;
  let locks: string;

  beforeAll(() => {
    requireRoot('the FUSE test');
    assertBuilt();
    const top = tempDir('cachesweep-fuse-');
    src = path.join(top, 'export');
    mnt = path.join(top, 'mnt');
    out = path.join(top, 'out');
    const state = path.join(top, 'state');
    for (const d of [path.join(src, 'instances', '_base'), mnt, out]) fs.mkdirSync(d, { recursive: true });
    for (const n of VICTIMS) rawImage(path.join(src, 'instances', '_base', n), 256 * 1024);
    for (const n of VICTIMS) age(path.join(src, 'instances', '_base', n), 3 * DAY);
    base = path.join(mnt, 'instances', '_base');
    locks = path.join(mnt, 'instances', 'locks');
    inFuseNamespace(
      src,
      mnt,
      out,
      `
stat -f -c %t "$MNT" >"$OUT/magic"
run plan plan "$MNT/instances/_base" --state-dir ${state}/p
run planjson plan "$MNT/instances/_base" --json --report "$OUT/r.md" --report "$OUT/r.html" --state-dir ${state}/p
run status status "$MNT/instances/_base" --state-dir ${state}/p
run statusjson status "$MNT/instances/_base" --json --state-dir ${state}/p
run host-a clean "$MNT/instances/_base" --json --state-dir ${state}/a & a=$!
run host-b clean "$MNT/instances/_base" --json --state-dir ${state}/b & b=$!
wait $a $b
ls -a "$MNT/instances/locks" >"$OUT/locks"
ls -a ${state}/a ${state}/b >"$OUT/states" 2>&1
`,
    );
  }, 180_000);

  it('is a real FUSE filesystem', () => {
    expect(fs.readFileSync(path.join(out, 'magic'), 'utf8').trim()).toBe('65735546');
  });

  it('plan, status and the reports say the storage is shared and why; the JSON says FUSE', () => {
    const why = `on FUSE (fuse ${src})`;
    const plan = read(out, 'plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`storage: shared with other hosts (${why}): one cleaner across hosts`);
    const status = read(out, 'status');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`storage: shared with other hosts (${why})`);
    for (const name of ['planjson', 'statusjson']) {
      const doc = JSON.parse(read(out, name).stdout) as { storage: Record<string, unknown> };
      expect(doc.storage).toEqual(expect.objectContaining({ shared: true, family: 'FUSE', filesystem: 'fuse', why: [why] }));
    }
    for (const report of ['r.md', 'r.html']) expect(fs.readFileSync(path.join(out, report), 'utf8')).toContain('storage: shared with other hosts');
  });

  it('warns that fcntl locks on this FUSE daemon stay on this host', () => {
    for (const name of ['host-a', 'host-b']) {
      const r = read(out, name);
      if (r.code === 3) continue;
      expect(r.stderr).toMatch(/warning: the cache is on shared storage but fcntl locks there stay on this host \(a FUSE filesystem \(fuse\) whose daemon is not known to share fcntl locks between hosts\): other hosts are NOT excluded/);
    }
  });

  it('two clean runs with different state directories, no --shared-storage: the lock in instances/locks, each victim deleted once, no failure', () => {
    const deleted: string[] = [];
    for (const name of ['host-a', 'host-b']) {
      const r = read(out, name);
      if (r.code === 3) {
        expect(r.stderr).toMatch(/cachesweep: another cachesweep run holds the lock on .*instances\/locks\/cachesweep-_base/);
        continue;
      }
      expect({ name, code: r.code, err: r.stderr }).toEqual({ name, code: 0, err: r.stderr });
      const doc = JSON.parse(r.stdout) as { applied: { deleted: string[]; failed: unknown[] }; storage: { lockFile: string } };
      expect(doc.applied.failed).toEqual([]);
      expect(doc.storage.lockFile).toBe(path.join(locks, 'cachesweep-_base'));
      deleted.push(...doc.applied.deleted);
    }
    expect(deleted.sort()).toEqual([...VICTIMS].sort());
    expect(fs.readdirSync(path.join(src, 'instances', '_base'))).toEqual([]);
    // the lock file is on the shared filesystem; Nova's per-image locks were removed after their images, as Nova does
    expect(fs.readFileSync(path.join(out, 'locks'), 'utf8').split('\n').filter((n) => n && n !== '.' && n !== '..')).toEqual(['cachesweep-_base']);
    // and not in either state directory
    expect(fs.readFileSync(path.join(out, 'states'), 'utf8')).not.toMatch(/locks|\.lock/);
    expect(fs.existsSync(path.join(src, 'instances', 'locks', 'cachesweep-_base'))).toBe(true);
  });
});
