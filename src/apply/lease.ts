import * as sys from '../sys/native.js';

/**
 * A write lease on a file victim, held from just before its unlink until just after: the kernel grants it only
 * while no other descriptor of the inode is open (for reading or writing, by any name, in any process or pid
 * namespace, a memory mapping whose descriptor was closed included, and not while it is being executed), and an
 * open() of it by anyone while it is held waits until it is released. A victim whose lease is granted is therefore
 * open nowhere at the instant of its deletion, which no walk of /proc can say: a walk reads one process after
 * another while the others go on. (F_SETLEASE, fcntl(2); root holds leases on any file through CAP_LEASE.)
 */

/** Another process has the file open, mapped, or holds a lease on it: the victim is in use now. */
export class LeaseBusy extends Error {
  override readonly name = 'LeaseBusy';
}

/**
 * A lease cannot be had here: the filesystem does not lease (NFS, FUSE: EINVAL), leases are off
 * (/proc/sys/fs/leases-enable), /proc is not mounted, or the file is another user's and we lack CAP_LEASE.
 * Nothing was deleted; the victim is re-checked the way a lease does not need (every process's descriptors).
 */
export class LeaseUnavailable extends Error {
  override readonly name = 'LeaseUnavailable';
  constructor(
    message: string,
    /** The whole filesystem (or host) refuses, not this one file: the run stops asking. */
    readonly everywhere: boolean,
  ) {
    super(message);
  }
}

const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? '';
const EVERYWHERE = new Set(['EINVAL', 'ENOSYS', 'EOPNOTSUPP', 'ENOENT']);

/**
 * Take a write lease on the file `name` of the directory `dirFd`, which must still be the inode `fp`: opened with
 * O_PATH (nothing is read, no device is opened), checked, then reopened read-only through /proc/self/fd (the very
 * inode, without looking the name up again) and leased. It must be on the root's mount (`mountId`): a file bind-
 * mounted over the name is another mount, told at that instant without reading the mount table. Returns the
 * descriptor holding the lease (close it to release), 'gone', 'replaced' or 'mounted'; throws LeaseBusy or
 * LeaseUnavailable.
 */
export function holdLease(dirFd: number, name: Buffer, fp: { dev: number; ino: number }, rel: string, mountId: number): number | 'gone' | 'replaced' | 'mounted' {
  const c = sys.constants;
  let pathFd: number;
  try {
    pathFd = sys.openat(dirFd, name, c.O_PATH | c.O_NOFOLLOW);
  } catch (err) {
    if (code(err) === 'ENOENT') return 'gone';
    throw new LeaseUnavailable(`${rel}: ${(err as Error).message}`, false);
  }
  let fd = -1;
  try {
    if (sys.mountId(pathFd) !== mountId) return 'mounted';
    const st = sys.fstat(pathFd);
    if (st.dev !== fp.dev || st.ino !== fp.ino) return 'replaced';
    if (!sys.isFileMode(st.mode)) throw new LeaseUnavailable(`${rel} is not a regular file`, false);
    // O_NONBLOCK: if someone else holds a lease on it, the open fails (EWOULDBLOCK) instead of waiting for the
    // holder to give it up (up to /proc/sys/fs/lease-break-time, 45 s): their lease is a use.
    fd = sys.openat(sys.AT_FDCWD, `/proc/self/fd/${pathFd}`, c.O_RDONLY | c.O_NONBLOCK);
    sys.setLease(fd, 'write');
    const held = fd;
    fd = -1;
    return held;
  } catch (err) {
    if (err instanceof LeaseUnavailable) throw err;
    const e = code(err);
    if (e === 'EAGAIN' || e === 'EWOULDBLOCK') throw new LeaseBusy('the kernel refused a write lease (another process has it open or mapped)');
    throw new LeaseUnavailable(`${rel}: no write lease (${(err as Error).message})`, EVERYWHERE.has(e));
  } finally {
    if (fd >= 0) sys.close(fd);
    sys.close(pathFd);
  }
}
