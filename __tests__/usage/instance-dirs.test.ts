import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { InstanceDirsDetector } from '../../src/usage/instance-dirs.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let root: string | undefined;
afterEach(() => removeDir(root));

function write(rel: string): void {
  fs.mkdirSync(path.dirname(path.join(root!, rel)), { recursive: true });
  fs.writeFileSync(path.join(root!, rel), 'x');
}

describe('InstanceDirsDetector', () => {
  it('from the scan\'s notes: the instance itself, and a directory holding one; files and other directories are not', () => {
    root = tempDir();
    for (const f of ['vm/disk', 'vm/console.log', 'pool/a/b/vm2/disk', 'pool/a/b/vm2/libvirt.xml', 'plain/disk', 'file']) write(f);
    const s = scan(root);
    const signals = new InstanceDirsDetector({ scan: s }).collect(s.entries);
    expect(signals).toEqual([
      { name: 'pool', inUse: ['holds a Nova instance directory (pool/a/b/vm2: disk beside libvirt.xml): never evicted'] },
      { name: 'vm', inUse: ['a Nova instance directory (disk beside console.log): never evicted'] },
    ]);
    // Without the scan's notes (entries from elsewhere) it lists the names itself, with the same result.
    expect(new InstanceDirsDetector({}).collect(s.entries)).toEqual(signals);
  });

  it('the re-check lists the victim again: an instance made in it after the scan keeps it', () => {
    root = tempDir();
    write('later/disk');
    const s = scan(root);
    const d = new InstanceDirsDetector({ scan: s });
    const e = s.entries.find((x) => x.name === 'later')!;
    expect(d.collect(s.entries)).toEqual([]);
    expect(d.recheck(e)).toEqual([]);
    write('later/disk.info');
    expect(d.recheck(e)).toEqual(['a Nova instance directory (disk beside disk.info): never evicted']);
  });
});
