/**
 * A file victim is unlinked under a write lease: the kernel grants it only while no other process has the inode
 * open or mapped, so a victim some process holds at the instant of its deletion is kept even when the in-use
 * survey it was checked against is older than that use (stillProtected says "free" here, as a stale survey would).
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyPlan, type ApplyHooks } from '../../src/apply/apply.js';
import { scan } from '../../src/scan/scan.js';
import { HeldLocksDetector } from '../../src/usage/held-locks.js';
import { OpenFilesDetector } from '../../src/usage/open-files.js';
import { recheckProviders } from '../../src/usage/signal.js';
import { ago, makeTree, removeDir, tempDir } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { cleanup, holdFlock, holdMapped, holdOpen, holdPosixLock, holdWith } from '../helpers/in-use.js';
import { Rechecker } from '../../src/usage/recheck-batch.js';
import { evictPlan } from '../helpers/plan.js';

const made: string[] = [];
afterEach(cleanup);
afterAll(() => made.forEach(removeDir));

const old = () => ({ size: 8192, mtimeMs: ago(3 * DAY), atimeMs: ago(3 * DAY) });

function cache(names: string[]): string {
  const root = tempDir('cachesweep-lease-');
  made.push(root);
  makeTree(root, Object.fromEntries(names.map((n) => [n, old()])));
  return root;
}
/** A process holding a read lease of its own on the file (as Samba's oplocks do). */
function holdLeased(file: string) {
  const py = 'import fcntl,sys,time\nf=open(sys.argv[1],"rb")\nfcntl.fcntl(f.fileno(),1024,fcntl.F_RDLCK)\nprint("ready",flush=True)\ntime.sleep(600)';
  return holdWith('python3', ['-c', py, file]);
}

/** A process holding an open-file-description lock (F_OFD_SETLK, 37) on the file. */
function holdOfdLock(file: string) {
  const py = 'import fcntl,struct,sys,time\nf=open(sys.argv[1],"r+")\nfcntl.fcntl(f.fileno(),37,struct.pack("hhqqi",fcntl.F_WRLCK,0,0,0,0))\nprint("ready",flush=True)\ntime.sleep(600)';
  return holdWith('python3', ['-c', py, file]);
}

function hooksFor(root: string, leases: boolean): ApplyHooks {
  const providers = [new OpenFilesDetector({ root, warn: () => undefined }), new HeldLocksDetector({ root, warn: () => undefined })];
  return {
    rootDev: fs.statSync(root).dev,
    stopReason: () => null,
    stillProtected: () => null, // a survey made before any of the uses below began
    leases,
    whoHolds: (v) => recheckProviders(providers, v.entry, Date.now()),
  };
}

describe('a write lease at the instant of the unlink', () => {
  it('keeps file victims open, mapped, flocked or leased by another process, naming who, and deletes the free one', async () => {
    const root = cache(['open', 'mapped', 'flocked', 'leased', 'free']);
    const opener = await holdOpen(path.join(root, 'open'));
    const mapper = await holdMapped(path.join(root, 'mapped'));
    const locker = await holdFlock(path.join(root, 'flocked'));
    const leaser = await holdLeased(path.join(root, 'leased'));
    const r = scan(root);
    const t0 = Date.now();
    const applied = await applyPlan(evictPlan(r, ['open', 'mapped', 'flocked', 'leased', 'free']), hooksFor(root, true));
    // a lease someone else holds fails our open at once (O_NONBLOCK), not after the 45 s lease-break time
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(applied.deleted).toEqual(['free']);
    expect(applied.failed).toEqual([]);
    const why = Object.fromEntries(applied.skipped.map((s) => [s.name, s.why]));
    expect(why.open).toBe(`still in use: open by pid ${opener.pid} (sleep)`);
    expect(why.mapped).toBe(`still in use: mapped by pid ${mapper.pid} (python3)`);
    expect(why.flocked).toMatch(new RegExp(`^still in use: open by pid ${locker.pid} \\(sleep\\); locked \\(flock by pid ${locker.pid}\\)`));
    expect(why.leased).toMatch(new RegExp(`^still in use: open by pid ${leaser.pid} \\(python3\\)`));
    expect(fs.readdirSync(root).sort()).toEqual(['flocked', 'leased', 'mapped', 'open']);
  });

  it('keeps flocked, POSIX- and OFD-locked file victims with the held-locks survey not asked: a lock needs an open descriptor', async () => {
    const root = cache(['flock', 'posix', 'ofd', 'free']);
    await holdFlock(path.join(root, 'flock'));
    const posix = await holdPosixLock(path.join(root, 'posix'));
    await holdOfdLock(path.join(root, 'ofd'));
    const held = new HeldLocksDetector({ root, warn: () => undefined });
    expect(held.leaseCovers).toBe(true);
    expect(new HeldLocksDetector({ root, novaLockDirs: [root], warn: () => undefined }).leaseCovers).toBe(false);
    const r = scan(root);
    const plan = evictPlan(r, ['flock', 'posix', 'ofd', 'free']);
    const asked: string[] = [];
    const spy = { ...held, name: held.name, leaseCovers: held.leaseCovers, collect: () => [], recheckMany: (es: readonly { name: string }[]) => (asked.push(...es.map((e) => e.name)), new Map()) };
    const rechecker = new Rechecker([spy], plan.entries.map((p) => p.entry));
    const hooks = { ...hooksFor(root, true), stillProtected: (v: (typeof plan.entries)[number], leased: boolean) => rechecker.check(v.entry, Date.now(), leased) };
    const applied = await applyPlan(plan, hooks);
    expect(asked).toEqual([]);
    expect(applied.deleted).toEqual(['free']);
    const why = Object.fromEntries(applied.skipped.map((s) => [s.name, s.why]));
    expect(why.posix).toMatch(new RegExp(`locked \\(posix lock by pid ${posix.pid}\\)`));
    expect(why.ofd).toMatch(/locked \(OFD lock\)/);
    expect(why.flock).toMatch(/locked \(flock by pid \d+\)/);
    expect(fs.readdirSync(root).sort()).toEqual(['flock', 'ofd', 'posix']);
  });

  it('without the lease the same stale survey lets the open file go (what the lease is for)', async () => {
    const root = cache(['open']);
    await holdOpen(path.join(root, 'open'));
    const applied = await applyPlan(evictPlan(scan(root), ['open']), hooksFor(root, false));
    expect(applied.deleted).toEqual(['open']);
  });

  it('a holder the detectors cannot name still keeps the victim, with the kernel as the reason', async () => {
    const root = cache(['open']);
    await holdOpen(path.join(root, 'open'));
    const hooks = { ...hooksFor(root, true), whoHolds: () => null };
    const applied = await applyPlan(evictPlan(scan(root), ['open']), hooks);
    expect(applied.skipped).toEqual([{ name: 'open', why: 'still in use: the kernel refused a write lease (another process has it open or mapped)' }]);
    expect(fs.existsSync(path.join(root, 'open'))).toBe(true);
  });

  it('releases each lease: the files are gone and this process holds no lease after', async () => {
    const root = cache(['a', 'b']);
    const applied = await applyPlan(evictPlan(scan(root), ['a', 'b']), hooksFor(root, true));
    expect(applied.deleted).toEqual(['a', 'b']);
    expect(fs.readFileSync('/proc/locks', 'utf8')).not.toMatch(new RegExp(`LEASE.*\\b${process.pid}\\b`));
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
