/**
 * What filesystem a path is on, and whether other hosts can see it: statfs's magic number (the kernel's own word,
 * whatever the mount table says) and the mount's line in /proc/self/mountinfo (its type with a FUSE subtype, its
 * source and options), found by mount id, not by matching path prefixes.
 */
import fs from 'node:fs';
import * as sys from './native.js';

/** statfs f_type of the network and cluster filesystems another host may clean through (linux/magic.h and vendors). */
export const SHARED_MAGIC: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0xff534d42, 'SMB/CIFS'],
  [0x517b, 'SMB'],
  [0xfe534d42, 'SMB2/3'],
  [0x00c36400, 'CephFS'],
  [0x65735546, 'FUSE'],
  [0x0bd00bd0, 'Lustre'],
  [0x47504653, 'GPFS'],
  [0x7461636f, 'OCFS2'],
  [0x01161970, 'GFS2'],
]);

/** One line of /proc/self/mountinfo. */
export interface MountInfo {
  id: number;
  mountPoint: string;
  /** `nfs4`, `ext4`, `fuse.glusterfs` (FUSE filesystems carry their subtype after the dot). */
  fstype: string;
  source: string;
  /** Per-mount options and the filesystem's own (super) options together. */
  options: string[];
}

/** `\040` and friends, as the kernel escapes spaces, tabs, newlines and backslashes in mountinfo. */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Parse /proc/self/mountinfo (proc(5)); lines it does not understand are skipped. Pure. */
export function parseMountinfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const head = line.slice(0, sep).split(' ');
    const tail = line.slice(sep + 3).split(' ');
    if (head.length < 6 || tail.length < 2 || !/^\d+$/.test(head[0]!)) continue;
    out.push({
      id: Number(head[0]),
      mountPoint: unescape(head[4]!),
      fstype: tail[0]!,
      source: unescape(tail[1]!),
      options: [...head[5]!.split(','), ...(tail[2] ?? '').split(',')].filter((o) => o !== ''),
    });
  }
  return out;
}

/** The filesystem under a path. */
export interface FilesystemInfo {
  /** statfs f_type. */
  magic: number;
  /** The network or cluster filesystem family the magic number names, or null for a local one. */
  sharedFamily: string | null;
  /** The mount's line, when /proc/self/mountinfo could be read. */
  mount: MountInfo | null;
}

/** statfs and the mount line of `path` (followed if a link: the directory it names is what is cleaned). */
export function filesystemOf(path: string, mountinfo = '/proc/self/mountinfo'): FilesystemInfo {
  const magic = Number(fs.statfsSync(path).type) >>> 0;
  let mount: MountInfo | null = null;
  try {
    const fd = sys.openat(sys.AT_FDCWD, path, sys.constants.O_PATH);
    let id: number;
    try {
      id = sys.mountId(fd);
    } finally {
      sys.close(fd);
    }
    mount = parseMountinfo(fs.readFileSync(mountinfo, 'utf8')).find((m) => m.id === id) ?? null;
  } catch {
    // no /proc (a container without it) or no addon: the magic number alone still says what matters
  }
  return { magic, sharedFamily: SHARED_MAGIC.get(magic) ?? null, mount };
}

/** The filesystem's name for messages: the mount table's type (`nfs4`), else the family (`NFS`), else the magic. */
export function filesystemName(f: FilesystemInfo): string {
  return f.mount?.fstype ?? f.sharedFamily ?? `0x${f.magic.toString(16)}`;
}

/** FUSE daemons known to pass fcntl locks on to their cluster (others keep them on this host, or refuse them). */
const FUSE_WITH_CLUSTER_LOCKS = new Set(['glusterfs', 'ceph-fuse', 'ceph']);

/**
 * Why fcntl locks on this filesystem are held on this host only (so another host sharing the storage does not see
 * them), or null when the filesystem carries them to its server or cluster. From the mount options that turn that
 * off: NFS `nolock` / `local_lock=posix|all`, SMB `nobrl`, Lustre `localflock`, GFS2 `localflocks`; and FUSE
 * daemons not known to pass locks on. Pure.
 */
export function hostLocalLocks(f: FilesystemInfo): string | null {
  const opts = new Set(f.mount?.options ?? []);
  const fstype = f.mount?.fstype ?? '';
  const has = (o: string): string | null => (opts.has(o) ? `mounted with ${o}` : null);
  switch (f.sharedFamily) {
    case 'NFS':
      return has('nolock') ?? has('local_lock=all') ?? has('local_lock=posix');
    case 'SMB/CIFS':
    case 'SMB':
    case 'SMB2/3':
      return has('nobrl');
    case 'Lustre':
      return has('localflock');
    case 'GFS2':
      return has('localflocks');
    case 'FUSE': {
      const sub = fstype.startsWith('fuse.') ? fstype.slice(5) : fstype.startsWith('fuseblk') ? '' : fstype;
      return FUSE_WITH_CLUSTER_LOCKS.has(sub) ? null : `a FUSE filesystem${sub ? ` (${sub})` : ''} whose daemon is not known to share fcntl locks between hosts`;
    }
    default:
      return null;
  }
}
