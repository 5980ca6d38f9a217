/** Helpers of the in-use tests: temporary trees, real qcow2 images, child processes holding files open or locked. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, setTimes, tempDir as newTempDir } from './cache.js';

const made: string[] = [];
const children: ChildProcess[] = [];

/** A new empty directory under the system temp dir (or `base`; a real path), removed by cleanup(). */
export function tempDir(prefix = 'cachesweep-inuse-', base?: string): string {
  const d = newTempDir(prefix, base);
  made.push(d);
  return d;
}

/** Kill every child started here and remove every temporary directory. Call in afterAll/afterEach. */
export async function cleanup(): Promise<void> {
  await Promise.all(children.splice(0).map(stopChild));
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Run qemu-img (it must be installed: npm test's pretest installs qemu-utils). */
export function qemuImg(...args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL' });
}

/**
 * A qcow2 image at `file` backed by `backing` (as written: absolute or relative) of format `fmt`.
 * `unsafe`: do not let qemu-img open the backing chain (needed when it loops: qemu-img would spin on it).
 */
export function qcow2Over(file: string, backing: string, fmt: 'raw' | 'qcow2', opts: { compat?: '0.10' | '1.1'; unsafe?: boolean } = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const o = opts.compat ? ['-o', `compat=${opts.compat}`] : [];
  const u = opts.unsafe ? ['-u'] : [];
  qemuImg('create', '-q', '-f', 'qcow2', ...o, ...u, '-b', backing, '-F', fmt, file, ...(opts.unsafe ? ['1M'] : []));
}

/** A qcow2 image with no backing file. */
export function qcow2(file: string, size = '1M', compat?: '0.10' | '1.1'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  qemuImg('create', '-q', '-f', 'qcow2', ...(compat ? ['-o', `compat=${compat}`] : []), file, size);
}

/** A raw image: a sparse file with some real data at the start (so it has allocated blocks). */
export function rawImage(file: string, bytes = 1024 * 1024): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
  fs.truncateSync(file, bytes);
}

/** Set both times of a file to `ms` before now (whole seconds). */
export function age(file: string, ms: number, now = Date.now()): void {
  setTimes(file, { mtimeMs: ago(ms, now) });
}

export interface Held {
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start a child and resolve once it printed `word` on stdout (it is then holding what it was asked to hold). */
function startHolding(cmd: string, args: string[], word: string, cwd?: string): Promise<Held> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes(word)) resolve({ pid: child.pid!, child, stop: () => stopChild(child) });
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before holding: ${err}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Start `cmd args` and resolve once it printed `word` on stdout: for holders the helpers below do not cover. */
export function holdWith(cmd: string, args: string[], word = 'ready', cwd?: string): Promise<Held> {
  return startHolding(cmd, args, word, cwd);
}

/**
 * A process that maps `file` and then closes every descriptor of it (Python's mmap keeps a dup of the one it was
 * given), so only the mapping holds the file.
 */
export function holdMapped(file: string): Promise<Held> {
  const py = [
    'import mmap,os,sys,time',
    'f=open(sys.argv[1],"rb")',
    'm=mmap.mmap(f.fileno(),0,prot=mmap.PROT_READ)',
    'f.close()',
    'for fd in os.listdir("/proc/self/fd"):',
    '  try:',
    '    if os.readlink("/proc/self/fd/"+fd)==sys.argv[1]: os.close(int(fd))',
    '  except OSError: pass',
    'print("ready",flush=True)',
    'time.sleep(600)',
  ].join('\n');
  return startHolding('python3', ['-c', py, file], 'ready');
}

/** A process whose current directory is `dir` (python3, which needs no file after it started). */
export function holdCwd(dir: string): Promise<Held> {
  return startHolding('python3', ['-c', 'import time\nprint("ready",flush=True)\ntime.sleep(600)'], 'ready', dir);
}

/** A process whose root directory is `dir` (chroot(2) from python3, as root), its cwd left outside. */
export function holdRoot(dir: string): Promise<Held> {
  const py = 'import os,sys,time\nfd=os.open("/",os.O_RDONLY)\nos.chroot(sys.argv[1])\nos.fchdir(fd)\nos.close(fd)\nprint("ready",flush=True)\ntime.sleep(600)';
  return startHolding('python3', ['-c', py, dir], 'ready');
}

/** A shell that opens `file` on fd 3, says so, and becomes `sleep` (same pid, fd 3 still open); resolves once it is `sleep`. */
export async function holdOpen(file: string): Promise<Held> {
  const h = await startHolding('sh', ['-c', 'exec 3<"$1"; echo ready; exec sleep 600', 'sh', file], 'ready');
  for (let i = 0; i < 500; i++) {
    if (fs.readFileSync(`/proc/${h.pid}/comm`, 'utf8').trim() === 'sleep') return h;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${h.pid} did not become sleep`);
}

/** flock(1) takes an exclusive flock on `file` and execs a shell that says so and sleeps (same pid holds it). */
export function holdFlock(file: string): Promise<Held> {
  return startHolding('flock', ['-x', '-F', file, 'sh', '-c', 'echo locked; exec sleep 600'], 'locked');
}

/** A POSIX (fcntl) lock on `file`, as oslo.concurrency (Nova) takes it. */
export function holdPosixLock(file: string): Promise<Held> {
  const py = 'import fcntl,sys,time\nf=open(sys.argv[1],"r+")\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint("locked",flush=True)\ntime.sleep(600)';
  return startHolding('python3', ['-c', py, file], 'locked');
}
