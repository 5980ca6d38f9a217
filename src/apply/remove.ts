import { mountPointsUnder } from '../scan/mounts.js';
import * as sys from '../sys/native.js';
import type { Entry } from '../shared/types.js';
import { decodeName, nameBytes } from '../shared/names.js';
import { holdLease } from './lease.js';
import type { RootHandle } from './root.js';

/**
 * Deletion relative to directory handles. A path is never resolved again once the root is open: every name is
 * looked up in a directory the walk holds open, so a directory swapped for a symbolic link, or a filesystem
 * mounted on a directory (a bind mount keeps st_dev), while an entry is being deleted cannot lead the deletion
 * out of the cache (`rm -r` by path follows such a link for every name below it: issue 12, cases 1 and 2).
 */

/** A refusal with the reason in words: the entry stops there, and nothing below that name is touched. */
export class RemoveRefused extends Error {
  override readonly name = 'RemoveRefused';
}

/**
 * The entry (or a directory on the way to it) is no longer there: someone else deleted it since the re-check. Its
 * message says which name went; apply reports the victim as skipped (`already gone`), not failed.
 */
export class AlreadyGone extends Error {
  override readonly name = 'AlreadyGone';
}

/** Descriptors a walk keeps open: deeper ancestors are closed and reopened through `..`, checked by identity. */
export const MAX_OPEN_DIRS = 64;

const DIR_FLAGS = (): number => sys.constants.O_RDONLY | sys.constants.O_DIRECTORY | sys.constants.O_NOFOLLOW;
const SLASH = 0x2f;

/**
 * A name for messages: cachesweep's string for its bytes (names.ts), escaped where the message leaves the program
 * (escaping here too would show `\xff` as `\\xff`: the escape form is not idempotent).
 */
export const shownName = (name: Buffer): string => decodeName(name);

/** The error of a system call, with the path (relative to the root) instead of the bare name. */
function at(err: unknown, rel: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof RemoveRefused || !e.code || !e.syscall) return e as Error;
  const desc = e.message.split(', ')[0] ?? e.code;
  return Object.assign(new Error(`${desc}, ${e.syscall} '${rel}'`), { code: e.code, syscall: e.syscall });
}

const isCode = (err: unknown, ...codes: string[]): boolean => codes.includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * Open a directory below `dirFd` without following a link, and make sure it is on the root's mount and device.
 * Returns null when the name has gone (a race that deletes for us).
 */
export function openDirBelow(root: RootHandle, dirFd: number, name: Buffer, rel: string): number | null {
  let fd: number;
  try {
    fd = sys.openat(dirFd, name, DIR_FLAGS());
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    if (isCode(err, 'ENOTDIR', 'ELOOP')) {
      throw new RemoveRefused(`${rel} is no longer a directory (a symbolic link or a file took its place during the deletion): not entered, nothing deleted through it`);
    }
    throw at(err, rel);
  }
  try {
    const st = sys.fstat(fd);
    const mnt = sys.mountId(fd);
    if (mnt !== root.mountId || st.dev !== root.dev) {
      throw new RemoveRefused(`${rel} is a mount point (mount ${mnt}, device ${st.dev}; the cache is on mount ${root.mountId}, device ${root.dev}): not entered, nothing deleted through it`);
    }
    return fd;
  } catch (err) {
    sys.close(fd);
    throw at(err, rel);
  }
}

interface Frame {
  /** -1 while closed to bound the descriptors held; reopened through `..` of its child and checked. */
  fd: number;
  dev: number;
  ino: number;
  /** Its name in the parent frame. */
  name: Buffer;
  rel: string;
  /** Subdirectories still to empty and remove, from the one listing made of this directory. */
  dirs: Buffer[];
  next: number;
}

/** List a directory once; unlink what is not a directory now, and return the subdirectories for later. */
function unlinkNonDirs(fd: number, rel: string): Buffer[] {
  const dirs: Buffer[] = [];
  let list: sys.RawDirent[];
  try {
    list = sys.readdirFd(fd);
  } catch (err) {
    throw at(err, rel);
  }
  for (const { name, type } of list) {
    if (type === sys.constants.DT_DIR) {
      dirs.push(name);
      continue;
    }
    try {
      sys.unlinkat(fd, name, false);
    } catch (err) {
      if (isCode(err, 'EISDIR')) dirs.push(name); // d_type unknown, or a directory took the name since the listing
      else if (!isCode(err, 'ENOENT')) throw at(err, `${rel}/${shownName(name)}`);
    }
  }
  return dirs;
}

/** Remove `name` from `parentFd` if it is still the directory that was emptied (same device and inode). */
function removeEmptied(parentFd: number, dir: { name: Buffer; rel: string; dev: number; ino: number }): void {
  let st: sys.SysStat;
  try {
    st = sys.fstatat(parentFd, dir.name);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return;
    throw at(err, dir.rel);
  }
  if (st.dev !== dir.dev || st.ino !== dir.ino) {
    const now = sys.isLinkMode(st.mode) ? 'now a symbolic link' : sys.isDirMode(st.mode) ? 'now another directory' : 'now a file';
    throw new RemoveRefused(`${dir.rel} was replaced during the deletion (${now}): the directory emptied under that name was not removed, and nothing was deleted through the new one`);
  }
  try {
    sys.unlinkat(parentFd, dir.name, true);
  } catch (err) {
    if (!isCode(err, 'ENOENT')) throw at(err, dir.rel);
  }
}

/** Reopen a closed ancestor through `..` of its child, and check that it is the same directory. */
function reopenParent(root: RootHandle, parent: Frame, child: Frame): void {
  const fd = openDirBelow(root, child.fd, Buffer.from('..'), `${parent.rel} (through ${child.rel}/..)`);
  if (fd === null) throw new RemoveRefused(`${parent.rel} vanished during the deletion`);
  const st = sys.fstat(fd);
  if (st.dev !== parent.dev || st.ino !== parent.ino) {
    sys.close(fd);
    throw new RemoveRefused(`${child.rel} was moved out of ${parent.rel} during the deletion: ${parent.rel} not removed`);
  }
  parent.fd = fd;
}

/**
 * Empty the directory open as `fd` (taken over: closed here, whatever happens), depth first, one descriptor per
 * level up to MAX_OPEN_DIRS. Files are removed with unlinkat(dir, name), directories with
 * unlinkat(parent, name, AT_REMOVEDIR) once emptied and checked to be still the same directory.
 */
function emptyDir(root: RootHandle, fd: number, rel: string): void {
  // A frame leaves the stack only once its descriptor is closed: the finally below closes every one still open.
  const stack: Frame[] = [{ fd, dev: 0, ino: 0, name: Buffer.alloc(0), rel, dirs: [], next: 0 }];
  let open = 1;
  try {
    const st = sys.fstat(fd);
    stack[0]!.dev = st.dev;
    stack[0]!.ino = st.ino;
    stack[0]!.dirs = unlinkNonDirs(fd, rel);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.dirs.length) {
        const name = top.dirs[top.next++]!;
        const childRel = `${top.rel}/${shownName(name)}`;
        const childFd = openDirBelow(root, top.fd, name, childRel);
        if (childFd === null) continue;
        const child: Frame = { fd: childFd, dev: 0, ino: 0, name, rel: childRel, dirs: [], next: 0 };
        stack.push(child);
        open++;
        const cst = sys.fstat(childFd);
        child.dev = cst.dev;
        child.ino = cst.ino;
        child.dirs = unlinkNonDirs(childFd, childRel);
        if (open > MAX_OPEN_DIRS) {
          const oldest = stack.find((f) => f.fd >= 0)!;
          sys.close(oldest.fd);
          oldest.fd = -1;
          open--;
        }
        continue;
      }
      const parent = stack[stack.length - 2];
      if (parent && parent.fd < 0) {
        reopenParent(root, parent, top);
        open++;
      }
      sys.close(top.fd);
      top.fd = -1;
      open--;
      stack.pop();
      if (parent) removeEmptied(parent.fd, top);
    }
  } finally {
    for (const f of stack) if (f.fd >= 0) sys.close(f.fd);
  }
}

/**
 * Delete one entry relative to the root handle: every directory on the way is opened without following links and
 * checked to be on the root's mount, the entry itself must still be the device and inode that was scanned, and a
 * directory entry is emptied through handles (emptyDir) before it is removed. `lease`: a file entry is unlinked
 * while this process holds a write lease on it (lease.ts: LeaseBusy when someone has it open, LeaseUnavailable).
 */
export function removeEntry(root: RootHandle, entry: Entry, opts: { mountTable?: boolean; lease?: boolean } = {}): void {
  const parts = splitName(nameBytes(entry.name));
  // A mount already in the table refuses the entry before anything of it is deleted; one that appears later is
  // met by the walk (its mount id), which stops there. (Tests turn the table off to reach the walk's own check.)
  // A leased file is checked by the mount id of the very inode it leases: the table, read per victim, is not needed.
  const leasedFile = opts.lease === true && entry.fingerprint.kind === 'file';
  const mounts = opts.mountTable === false || leasedFile ? new Set<string>() : mountPointsUnder(`${root.path}/${entry.name}`);
  if (mounts.size > 0) {
    const first = [...mounts].sort()[0]!.slice(root.path.length + 1);
    throw new RemoveRefused(first === entry.name ? `${first} is a mount point; not removed` : `${entry.name} contains a mount point (${first}); not removed`);
  }
  const last = parts.pop()!;
  const held: number[] = [];
  try {
    let dirFd = root.fd;
    let rel = '';
    for (const part of parts) {
      rel = rel ? `${rel}/${shownName(part)}` : shownName(part);
      const fd = openDirBelow(root, dirFd, part, rel);
      if (fd === null) throw new AlreadyGone(`${rel} vanished before the deletion`);
      held.push(fd);
      dirFd = fd;
    }
    removeLast(root, dirFd, last, entry, opts.lease === true);
  } finally {
    for (const fd of held) sys.close(fd);
  }
}

function removeLast(root: RootHandle, dirFd: number, name: Buffer, entry: Entry, lease: boolean): void {
  const fp = entry.fingerprint;
  const rel = entry.name;
  const replaced = (): RemoveRefused => new RemoveRefused(`${rel} was replaced since the re-check (another inode): not removed`);
  if (fp.kind !== 'dir') {
    // A leased file is checked on the very inode it leases (holdLease: fstat of its O_PATH descriptor); a stat of
    // the name before that checked it once more, one system call per victim that could not decide anything else.
    if (!lease) {
      const st = stat(dirFd, name, rel);
      if (st.dev !== fp.dev || st.ino !== fp.ino) throw replaced();
    }
    const held = lease ? holdLease(dirFd, name, fp, rel, root.mountId) : -1;
    if (held === 'gone') throw new AlreadyGone(`${rel} vanished since the re-check`);
    if (held === 'replaced') throw replaced();
    if (held === 'mounted') throw new RemoveRefused(`${rel} is a mount point; not removed`);
    try {
      sys.unlinkat(dirFd, name, false);
    } catch (err) {
      if (isCode(err, 'ENOENT')) throw new AlreadyGone(`${rel} vanished since the re-check`);
      throw at(err, rel);
    } finally {
      if (held >= 0) sys.close(held); // an open() waiting on the lease goes on now, and finds no name
    }
    return;
  }
  const fd = openDirBelow(root, dirFd, name, rel);
  if (fd === null) throw new AlreadyGone(`${rel} vanished since the re-check`);
  const st = sys.fstat(fd);
  if (st.dev !== fp.dev || st.ino !== fp.ino) {
    sys.close(fd);
    throw replaced();
  }
  emptyDir(root, fd, rel);
  removeEmptied(dirFd, { name, rel, dev: st.dev, ino: st.ino });
}

function stat(dirFd: number, name: Buffer, rel: string): sys.SysStat {
  try {
    return sys.fstatat(dirFd, name);
  } catch (err) {
    if (isCode(err, 'ENOENT')) throw new AlreadyGone(`${rel} vanished since the re-check`);
    throw at(err, rel);
  }
}

/** `a/b/c` as its components (an entry's name is relative to the root, `/`-separated, never `.` or `..`). */
function splitName(name: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i === name.length || name[i] === SLASH) {
      if (i > start) parts.push(name.subarray(start, i));
      start = i + 1;
    }
  }
  if (parts.length === 0 || parts.some((p) => p.equals(Buffer.from('.')) || p.equals(Buffer.from('..')))) {
    throw new RemoveRefused(`'${decodeName(name)}' is not a name inside the cache`);
  }
  return parts;
}
