import fs from 'node:fs';
import path from 'node:path';
import { mountPointsUnder } from '../../src/scan/mounts.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('cachesweep-mountinfo-');
});
afterAll(() => removeDir(dir));

function table(lines: string[]): string {
  const p = path.join(dir, `mountinfo-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

describe('mountPointsUnder', () => {
  let info: string;
  beforeAll(() => {
    info = table([
      '22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
      '30 22 0:40 / /cache rw,relatime shared:2 - tmpfs tmpfs rw,size=65536k',
      '31 30 0:41 / /cache/d/mnt rw,relatime shared:3 - tmpfs tmpfs rw',
      '32 30 252:0 /srv/elsewhere /cache/e/bound\\040dir rw,relatime shared:1 - ext4 /dev/vda rw',
      '33 22 0:42 / /cache2/x rw,relatime shared:4 - tmpfs tmpfs rw',
      '34 22 0:43 / /cachex rw,relatime shared:5 - tmpfs tmpfs rw',
    ]);
  });

  it('lists the mount points at or below a directory, decoding escaped names', () => {
    expect([...mountPointsUnder('/cache', info)].sort()).toEqual(['/cache', '/cache/d/mnt', '/cache/e/bound dir']);
  });

  it('does not mistake a sibling with the same prefix for a child', () => {
    expect([...mountPointsUnder('/cache/d', info)]).toEqual(['/cache/d/mnt']);
    expect([...mountPointsUnder('/cache/e/bound dir', info)]).toEqual(['/cache/e/bound dir']);
    expect([...mountPointsUnder('/cache/other', info)]).toEqual([]);
  });

  it('is empty when the mount table cannot be read (st_dev checks still apply)', () => {
    expect(mountPointsUnder('/cache', path.join(dir, 'missing'))).toEqual(new Set());
  });

  it('reads the real mount table: / is a mount point', () => {
    expect(mountPointsUnder('/').has('/')).toBe(true);
  });
});
