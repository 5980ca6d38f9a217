import fs from 'node:fs';
import os from 'node:os';
import { filesystemName, filesystemOf, hostLocalLocks, parseMountinfo, SHARED_MAGIC, type FilesystemInfo } from '../../src/sys/filesystems.js';
import { futureTimesWarning, TOLERATED_SKEW_MS } from '../../src/scan/storage.js';

const LINES = [
  '36 35 98:0 /mnt1 /mnt\\040with\\040space rw,noatime master:1 - ext4 /dev/root rw,errors=continue',
  '51 22 0:45 / /var/lib/nova/instances rw,relatime shared:30 - nfs4 filer:/export/nova rw,vers=4.2,rsize=1048576,hard,proto=tcp,local_lock=none,addr=10.0.0.5',
  '52 22 0:46 / /mnt/v3 rw,relatime - nfs filer:/old rw,vers=3,nolock,proto=tcp,local_lock=all',
  '53 22 0:47 / /mnt/gluster rw,relatime - fuse.glusterfs gluster1:/vol rw,user_id=0,group_id=0,allow_other',
  '54 22 0:48 / /mnt/sshfs rw,relatime - fuse.sshfs me@host:/ rw,user_id=0,group_id=0',
  'garbage line',
];

const info = (magic: number, line: string): FilesystemInfo => ({ magic, sharedFamily: SHARED_MAGIC.get(magic) ?? null, mount: parseMountinfo(line)[0]! });

describe('filesystems', () => {
  it('parses mountinfo lines, escapes and FUSE subtypes included', () => {
    const m = parseMountinfo(LINES.join('\n'));
    expect(m.map((x) => [x.id, x.mountPoint, x.fstype, x.source])).toEqual([
      [36, '/mnt with space', 'ext4', '/dev/root'],
      [51, '/var/lib/nova/instances', 'nfs4', 'filer:/export/nova'],
      [52, '/mnt/v3', 'nfs', 'filer:/old'],
      [53, '/mnt/gluster', 'fuse.glusterfs', 'gluster1:/vol'],
      [54, '/mnt/sshfs', 'fuse.sshfs', 'me@host:/'],
    ]);
    expect(m[1]!.options).toEqual(expect.arrayContaining(['rw', 'relatime', 'vers=4.2', 'local_lock=none']));
    // this machine's own mount table parses, and the root filesystem is found by mount id
    const here = filesystemOf(os.tmpdir());
    expect(here.magic).toBe(Number(fs.statfsSync(os.tmpdir()).type) >>> 0);
    expect(here.mount).not.toBeNull();
    expect(filesystemName(here)).toBe(here.mount!.fstype);
  });

  it('says when fcntl locks stay on this host: NFS nolock and local_lock, SMB nobrl, Lustre localflock, GFS2 localflocks, unknown FUSE daemons', () => {
    expect(hostLocalLocks(info(0x6969, LINES[1]!))).toBeNull();
    expect(hostLocalLocks(info(0x6969, LINES[2]!))).toBe('mounted with nolock');
    expect(hostLocalLocks(info(0x6969, '1 1 0:1 / /x rw - nfs4 f:/e rw,local_lock=posix'))).toBe('mounted with local_lock=posix');
    expect(hostLocalLocks(info(0xff534d42, '1 1 0:1 / /x rw - cifs //s/x rw,nobrl'))).toBe('mounted with nobrl');
    expect(hostLocalLocks(info(0xfe534d42, '1 1 0:1 / /x rw - smb3 //s/x rw'))).toBeNull();
    expect(hostLocalLocks(info(0x0bd00bd0, '1 1 0:1 / /x rw - lustre m@tcp:/fs rw,localflock'))).toBe('mounted with localflock');
    expect(hostLocalLocks(info(0x01161970, '1 1 0:1 / /x rw - gfs2 /dev/x rw,localflocks'))).toBe('mounted with localflocks');
    expect(hostLocalLocks(info(0x65735546, LINES[3]!))).toBeNull();
    expect(hostLocalLocks(info(0x65735546, LINES[4]!))).toBe('a FUSE filesystem (sshfs) whose daemon is not known to share fcntl locks between hosts');
    expect(hostLocalLocks(info(0x00c36400, '1 1 0:1 / /x rw - ceph m:/ rw'))).toBeNull();
    expect(hostLocalLocks(info(0xef53, LINES[0]!))).toBeNull();
  });

  it('warns about entry times further in the future than the tolerated skew, and only those', () => {
    const now = 1_700_000_000_000;
    expect(futureTimesWarning([{ name: 'a', mtimeMs: now + TOLERATED_SKEW_MS, atimeMs: now }], now)).toBeNull();
    const w = futureTimesWarning(
      [
        { name: 'a', mtimeMs: now - 5, atimeMs: now },
        { name: 'b', mtimeMs: now + 90_000, atimeMs: now },
        { name: 'c', mtimeMs: now, atimeMs: now + 300_000 },
      ],
      now,
    );
    expect(w).toMatch(/^2 entries have times up to 300s ahead of this host's clock \(b, \.\.\.\): .*up to 60s is tolerated/);
  });
});
