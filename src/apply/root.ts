import * as sys from '../sys/native.js';

/**
 * The cache root, opened once per run (O_DIRECTORY|O_NOFOLLOW) before it is scanned: every deletion is made
 * relative to this handle, so a root path that is renamed, replaced or mounted over later changes nothing.
 */
export interface RootHandle {
  /** The root's real path: for messages, and to check that it still names this directory. Never walked again. */
  path: string;
  fd: number;
  dev: number;
  ino: number;
  /** The mount the root is on: no directory on another mount (a bind mount keeps st_dev) is ever entered. */
  mountId: number;
}

/** Open the root (a real path) as a handle that follows no link at its last component. */
export function openRoot(path: string): RootHandle {
  const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW } = sys.constants;
  const fd = sys.openat(sys.AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    const st = sys.fstat(fd);
    return { path, fd, dev: st.dev, ino: st.ino, mountId: sys.mountId(fd) };
  } catch (err) {
    sys.close(fd);
    throw err;
  }
}

export function closeRoot(root: RootHandle): void {
  sys.close(root.fd);
}

/**
 * Why the root's path no longer names the directory and mount the handle holds (replaced, or something mounted
 * over it since it was opened), or null. Checked before the first deletion: the scan read the path, the deletions
 * use the handle, and both must be the same directory on the same mount.
 */
export function rootChanged(root: RootHandle): string | null {
  const { O_PATH, O_DIRECTORY, O_NOFOLLOW } = sys.constants;
  let fd: number;
  try {
    fd = sys.openat(sys.AT_FDCWD, root.path, O_PATH | O_DIRECTORY | O_NOFOLLOW);
  } catch (err) {
    return `the cache root ${root.path} cannot be opened again (${(err as NodeJS.ErrnoException).code ?? err})`;
  }
  try {
    const st = sys.fstat(fd);
    if (st.dev !== root.dev || st.ino !== root.ino) return `the cache root ${root.path} was replaced since it was scanned`;
    const mnt = sys.mountId(fd);
    if (mnt !== root.mountId) return `something was mounted on the cache root ${root.path} since it was scanned (mount ${mnt}, not ${root.mountId})`;
    return null;
  } finally {
    sys.close(fd);
  }
}
