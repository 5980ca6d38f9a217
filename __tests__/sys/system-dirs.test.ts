/**
 * The root guard's pieces on given texts: the mount table (where a path lies on its filesystem, through bind mounts
 * and over-mounts) and the password database. The guard itself runs on real mounts in __tests__/hostile/root-guard.
 */
import { homesOf, mountLocation, parseMountinfo } from '../../src/sys/system-dirs.js';

const MOUNTINFO = [
  '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
  '23 22 8:2 / /usr rw,relatime shared:2 - ext4 /dev/sda2 rw',
  '40 22 8:1 /var/lib/nova /mnt/nova rw - ext4 /dev/sda1 rw',
  '41 22 8:2 /bin /mnt/with\\040space rw - ext4 /dev/sda2 rw',
  '42 22 0:50 / /mnt/t rw - tmpfs tmpfs rw',
  '43 22 0:51 / /mnt/t rw - tmpfs tmpfs rw',
  'garbage',
].join('\n');

describe('mountLocation', () => {
  const rows = parseMountinfo(MOUNTINFO);

  it.each([
    ['/usr/bin', { device: '8:2', fsPath: '/bin' }],
    ['/usr', { device: '8:2', fsPath: '/' }],
    ['/var/lib/nova/x', { device: '8:1', fsPath: '/var/lib/nova/x' }],
    ['/mnt/nova/instances', { device: '8:1', fsPath: '/var/lib/nova/instances' }],
    ['/mnt/with space/ls', { device: '8:2', fsPath: '/bin/ls' }],
    ['/mnt/t/x', { device: '0:51', fsPath: '/x' }],
    ['/usrx', { device: '8:1', fsPath: '/usrx' }],
  ])('%s', (p, loc) => {
    expect(mountLocation(p, rows)).toEqual(loc);
  });

  it('null without a mount table', () => {
    expect(mountLocation('/x', [])).toBeNull();
  });
});

describe('homesOf', () => {
  it('the sixth field, absolute paths only, normalised', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nnova:x:64060:64060::/var/lib/nova/:/bin/sh\nodd:x:1:1::relative:/bin/sh\n\n#c\nshort:x\n';
    expect(homesOf(passwd)).toEqual(['/root', '/var/lib/nova']);
  });
});
