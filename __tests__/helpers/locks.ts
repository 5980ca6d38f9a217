/** Helpers of the lock tests: who holds a lock file, read from the kernel's lock table. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { parseProcLocks } from '../../src/usage/held-locks.js';
import { holdWith, type Held } from './in-use.js';

/** The kernel's locks on this file (POSIX, OFDLCK, FLOCK), from /proc/locks by device and inode; [] when none. */
export function locksOn(file: string): { type: string; pid: number }[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return [];
  }
  return parseProcLocks(fs.readFileSync('/proc/locks', 'utf8'))
    .filter((l) => l.dev === st.dev && l.ino === st.ino)
    .map((l) => ({ type: l.type, pid: l.pid }));
}

export const isLocked = (file: string): boolean => locksOn(file).length > 0;

/**
 * A python3 process holding a classic POSIX lock on `file` exactly as oslo.concurrency (fasteners) takes Nova's
 * locks: open(path, 'a') (creating it) then fcntl.lockf(LOCK_EX | LOCK_NB). Resolves once it holds it.
 */
export function holdLikeOslo(file: string): Promise<Held> {
  const py = 'import fcntl,sys,time\nf=open(sys.argv[1],"a")\nfcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\nprint("locked",flush=True)\ntime.sleep(600)';
  return holdWith('python3', ['-c', py, file], 'locked');
}

/** Try, from another process, to take the lock as oslo.concurrency does, without waiting: 'locked' or 'busy'. */
export function tryLockfOnce(file: string): Promise<'locked' | 'busy'> {
  const code = [
    'import fcntl, errno, sys',
    'f = open(sys.argv[1], "a")',
    'try:',
    '    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)',
    "    print('locked')",
    'except OSError as e:',
    "    print('busy' if e.errno in (errno.EACCES, errno.EAGAIN) else 'error %d' % e.errno)",
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', code, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => {
      const word = out.trim();
      if (word === 'locked' || word === 'busy') resolve(word);
      else reject(new Error(`python3 lockf probe said: ${word}`));
    });
  });
}
