/**
 * The Linux system calls Node's fs lacks (openat, unlinkat, statx mount ids, fcntl OFD/POSIX locks, leases,
 * renameat2, xattrs without following links), from the one native addon built from native/*.c at install time (sys.c exports what fd.c, locks.c and xattr.c define);
 * and one call Node has but pays too much for: readDirStats, a directory's names and every name's lstat at once
 * (native/dirstats.c says why). A bottom layer: imports nothing from the rest of src. Every call is synchronous and throws a Node-style error
 * (`code` = errno name such as 'ELOOP', `syscall`, and `path` for the name it was given).
 * The addon is loaded at the first call; every command that scans a cache (plan, clean, status...) needs it.
 */
import { createRequire } from 'node:module';
import os from 'node:os';

/** What stat gives, numbers as fs.lstatSync gives them (dev and ino compare equal to the scanner's). */
export interface SysStat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A name read from a directory: raw bytes (no decoding, so any name the kernel allows survives) and its d_type. */
export interface RawDirent {
  name: Buffer;
  /** constants.DT_*; DT_UNKNOWN where the filesystem does not say (then stat it). */
  type: number;
}

export type Name = string | Buffer;

/**
 * A directory read by readDirStats: no object per name (a directory of a million names is three allocations).
 * Name i's row is stats[i * STAT.fields + STAT.x], numbers as fs.lstatSync gives them (they compare equal).
 */
export interface DirStats {
  /** The names' bytes, each followed by a NUL, sorted by bytes (strcmp), the order of fs.readdirSync. */
  names: Buffer;
  stats: Float64Array;
  /** Per name: 0, or the errno of its lstat (fstatat); that row is then zeros but for its d_type. */
  errs: Int32Array;
}

/** Offsets in a DirStats row (native/dirstats.c has the same). */
export const STAT = { mode: 0, size: 1, blocks: 2, atimeMs: 3, mtimeMs: 4, ctimeMs: 5, ino: 6, dev: 7, nlink: 8, dtype: 9, fields: 10 } as const;
export type Lease = 'none' | 'read' | 'write';

const CONSTANT_NAMES = [
  'AT_FDCWD', 'O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_EXCL', 'O_TRUNC', 'O_DIRECTORY', 'O_NOFOLLOW', 'O_CLOEXEC',
  'O_PATH', 'O_NOATIME', 'O_NONBLOCK', 'RENAME_NOREPLACE', 'RENAME_EXCHANGE', 'XATTR_CREATE', 'XATTR_REPLACE',
  'DT_UNKNOWN', 'DT_FIFO', 'DT_CHR', 'DT_DIR', 'DT_BLK', 'DT_REG', 'DT_LNK', 'DT_SOCK',
] as const;
export type ConstantName = (typeof CONSTANT_NAMES)[number];

interface Addon {
  constants: Record<ConstantName, number>;
  openat(dirFd: number, name: Name, flags: number, mode?: number): number;
  close(fd: number): void;
  fstat(fd: number): SysStat;
  fstatat(dirFd: number, name: Name, nofollow: boolean): SysStat;
  mountId(fd: number): number;
  readdirFd(fd: number): RawDirent[];
  unlinkat(dirFd: number, name: Name, removeDir: boolean): void;
  renameat2(oldDirFd: number, oldName: Name, newDirFd: number, newName: Name, flags: number): void;
  lock(fd: number, exclusive: boolean, wait: boolean, ofd: boolean): void;
  unlock(fd: number, ofd: boolean): void;
  lockHolder(fd: number, ofd: boolean): number | null;
  setLease(fd: number, kind: number): void;
  getLease(fd: number): number;
  getxattr(pathOrFd: Name | number, name: string): Buffer | null;
  setxattr(pathOrFd: Name | number, name: string, value: Buffer, flags?: number): void;
  readDirStats(dir: Name, nofollow: boolean, threads?: number): DirStats;
  readDirsStats(dirs: Name[], nofollow: boolean, threads?: number): (DirStats | NodeJS.ErrnoException)[];
  trimMemory(): boolean;
}

const ADDON = '../../build/Release/cachesweep_sys.node';
let addon: Addon | undefined;

function sys(): Addon {
  if (addon) return addon;
  const require = createRequire(import.meta.url);
  try {
    addon = require(ADDON) as Addon;
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    throw new Error(
      `the native addon ${new URL(ADDON, import.meta.url).pathname} cannot be loaded (${why}): ` +
        'it is built from native/*.c when the package is installed; run `npm rebuild` (node-gyp, with python3, make and a C compiler) in the package directory',
    );
  }
  return addon;
}

/** The platform's values (they differ between architectures: O_DIRECTORY is 0o200000 on x86-64, 0o40000 on arm64). */
export const constants: Readonly<Record<ConstantName, number>> = Object.defineProperties(
  {},
  Object.fromEntries(CONSTANT_NAMES.map((k) => [k, { enumerable: true, get: () => sys().constants[k] }])),
) as Record<ConstantName, number>;

export const AT_FDCWD = -100;

/** openat(2); O_CLOEXEC is always added (no child process inherits a handle). `mode` applies with O_CREAT. */
export const openat = (dirFd: number, name: Name, flags: number, mode?: number): number => sys().openat(dirFd, name, flags, mode);
export const close = (fd: number): void => sys().close(fd);
export const fstat = (fd: number): SysStat => sys().fstat(fd);
/** fstatat(2); `nofollow` (default) stats a symbolic link itself. */
export const fstatat = (dirFd: number, name: Name, nofollow = true): SysStat => sys().fstatat(dirFd, name, nofollow);
/**
 * The id of the mount the descriptor is on (statx STATX_MNT_ID; /proc/self/fdinfo on kernels before 5.8), as
 * /proc/self/mountinfo numbers mounts. A bind mount of the same filesystem has the same st_dev and another mount id.
 */
export const mountId = (fd: number): number => sys().mountId(fd);
/** The names in the directory open as `fd` (without . and ..), as bytes, in the kernel's order. */
export const readdirFd = (fd: number): RawDirent[] => sys().readdirFd(fd);
/** unlinkat(2): the name in that directory, never a path re-resolved from elsewhere; `removeDir` is AT_REMOVEDIR. */
export const unlinkat = (dirFd: number, name: Name, removeDir = false): void => sys().unlinkat(dirFd, name, removeDir);
/**
 * Return the C heap's free memory to the system (glibc's malloc_trim; false where there is none, or nothing to give
 * back). For after a large native buffer is freed: glibc otherwise keeps it in the process (native/memory.c).
 */
export const trimMemory = (): boolean => sys().trimMemory();
/** renameat2(2) with constants.RENAME_EXCHANGE / RENAME_NOREPLACE. */
export const renameat2 = (oldDirFd: number, oldName: Name, newDirFd: number, newName: Name, flags = 0): void =>
  sys().renameat2(oldDirFd, oldName, newDirFd, newName, flags);

export interface LockOptions {
  /** A write lock (default) or a read lock. */
  exclusive?: boolean;
  /** Block until granted (default: fail at once with EAGAIN/EACCES). Blocks the whole event loop. */
  wait?: boolean;
  /**
   * An open-file-description lock (default): owned by this descriptor, not by the process, so closing another
   * descriptor of the same file does not drop it. `false` takes a classic POSIX lock, as Python's fcntl.lockf and
   * oslo.concurrency (Nova's image locks) do. The two kinds conflict with each other.
   */
  ofd?: boolean;
}

/** A byte-range lock on the whole file (fcntl F_OFD_SETLK[W] or F_SETLK[W]). */
export const lock = (fd: number, o: LockOptions = {}): void => sys().lock(fd, o.exclusive ?? true, o.wait ?? false, o.ofd ?? true);
export const unlock = (fd: number, ofd = true): void => sys().unlock(fd, ofd);
/**
 * Who holds a lock that would stop a write lock on the whole file: a pid, -1 for an OFD lock (it has no owning
 * process), or null. With `ofd` (default) locks of this descriptor do not count; without, this process's do not.
 */
export const lockHolder = (fd: number, ofd = true): number | null => sys().lockHolder(fd, ofd);

const LEASES: Lease[] = ['none', 'read', 'write'];
let sigioHandled = false;
/**
 * fcntl F_SETLEASE. A write lease fails with EAGAIN while any other descriptor has the file open, a read lease
 * while one has it open for writing. When another process opens the file the kernel sends SIGIO, whose default
 * action kills the process: a listener is installed at the first lease so that it does not.
 */
export function setLease(fd: number, lease: Lease): void {
  if (lease !== 'none' && !sigioHandled) {
    process.on('SIGIO', () => undefined);
    sigioHandled = true;
  }
  sys().setLease(fd, LEASES.indexOf(lease));
}
export const getLease = (fd: number): Lease => LEASES[sys().getLease(fd)] ?? 'none';

/** An extended attribute of a path (never followed: lgetxattr) or a descriptor; null when it has none of that name. */
export const getxattr = (pathOrFd: Name | number, name: string): Buffer | null => sys().getxattr(pathOrFd, name);
export const setxattr = (pathOrFd: Name | number, name: string, value: Buffer | string, flags = 0): void =>
  sys().setxattr(pathOrFd, name, Buffer.isBuffer(value) ? value : Buffer.from(value), flags);

/**
 * At most how many threads a listing may use: 0, one per idle CPU (the CPUs less the load average's other work, at
 * most 8: native/parallel.c; a directory is split from 2,048 names, a batch from 2 directories), or
 * CACHESWEEP_SCAN_THREADS, whatever the load: for benchmarks that compare 1 with more in one run, and for tests.
 * Not a user setting: the results are the same whatever it says.
 */
const SCAN_THREADS = Math.max(0, Math.min(64, Math.trunc(Number(process.env['CACHESWEEP_SCAN_THREADS'] ?? 0)) || 0));

const ERRNO_NAMES = new Map<number, string>();
for (const [name, n] of Object.entries(os.constants.errno)) if (!ERRNO_NAMES.has(n)) ERRNO_NAMES.set(n, name);
/** The code Node's fs errors carry for an errno number (`EACCES` for 13); `E<n>` for one Node does not name. */
export const errnoName = (n: number): string => ERRNO_NAMES.get(n) ?? `E${n}`;

const S_IFMT = 0o170000;
export const isDirMode = (mode: number): boolean => (mode & S_IFMT) === 0o040000;
export const isLinkMode = (mode: number): boolean => (mode & S_IFMT) === 0o120000;
export const isFileMode = (mode: number): boolean => (mode & S_IFMT) === 0o100000;

/**
 * The names in the directory at `dir` (without . and ..) and the lstat of each, taken relative to the open
 * directory; `nofollow` (default) refuses a symbolic link in place of the directory (ENOTDIR). A name whose path
 * `dir/name` would be longer than PATH_MAX gets ENAMETOOLONG, as its lstat would. Throws (code, syscall, path)
 * as readdirSync does when the directory cannot be opened or read. The lstats are taken on up to `threads` threads
 * (native/parallel.c; 0: one per idle CPU) when the directory is large; the result is the same on any number.
 */
export const readDirStats = (dir: Name, nofollow = true, threads = SCAN_THREADS): DirStats => sys().readDirStats(dir, nofollow, threads);

/**
 * readDirStats of each directory, read on several threads at once (a sharded cache's directories are too small to
 * split one by one): per directory its DirStats, or the Error readDirStats would have thrown (returned, not thrown).
 */
export const readDirsStats = (dirs: Name[], nofollow = true, threads = SCAN_THREADS): (DirStats | NodeJS.ErrnoException)[] =>
  sys().readDirsStats(dirs, nofollow, threads);

