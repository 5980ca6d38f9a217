/**
 * The walk reads the directories it will enter a batch at a time, on threads, before their turn (src/scan/lookahead.ts),
 * and so does the measuring of a directory entry (measure.ts, StackAhead). Only the time of reading may change: on a
 * wide tree whose batches are full (more than 128 sibling directories), with directories nobody may read or search
 * among them, a symbolic link and files in between, and one directory large enough to be read alone and split over
 * threads, scan() gives exactly what the scanner built on lstatSync gave
 * (__tests__/helpers/scan-reference), warnings in the same order, with every entry shape, as root and as nobody.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanOptions } from '../../src/scan/scan.js';
import { plainEntry } from '../../src/scan/entry.js';
import type { ScanResult } from '../../src/shared/types.js';
import { scan as referenceScan } from '../helpers/scan-reference/scan.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let base: string;
let root: string;
beforeAll(() => {
  base = tempDir('cachesweep-lookahead-');
  fs.chmodSync(base, 0o755);
  root = path.join(base, 'cache');
  fs.mkdirSync(root);
  for (let d = 0; d < 150; d++) {
    const shard = path.join(root, d.toString(16).padStart(2, '0'));
    for (let s = 0; s < 3; s++) {
      fs.mkdirSync(path.join(shard, `s${s}`), { recursive: true });
      for (let f = 0; f < 4; f++) fs.writeFileSync(path.join(shard, `s${s}`, `${d}-${s}-${f}-a`), Buffer.alloc((d * 7 + f) % 5000));
    }
    if (d % 9 === 4) fs.writeFileSync(path.join(root, `${d.toString(16).padStart(2, '0')}.file`), 'x');
    if (d % 10 === 3) fs.chmodSync(path.join(shard, 's1'), 0o000); // nobody cannot open it: a warning in its turn
    if (d % 7 === 2) fs.chmodSync(shard, 0o311); // nobody may search it but not read it
    if (d % 13 === 5) fs.chmodSync(shard, 0o700); // nor search it
  }
  fs.symlinkSync('00', path.join(root, '0a-link'));
  const big = path.join(root, '77-big');
  fs.mkdirSync(big);
  for (let f = 0; f < 20_000; f++) fs.writeFileSync(path.join(big, `big-file-${f}`), '');
});
afterAll(() => removeDir(base));

const plain = (r: ScanResult): ScanResult => ({ ...r, entries: r.entries.map(plainEntry) });

test('the big directory is past the size a batch leaves to be read alone (256 KiB)', () => {
  expect(fs.lstatSync(path.join(root, '77-big')).size).toBeGreaterThan(256 * 1024);
});

describe.each([false, true])('as nobody: %s', (nobody) => {
  test.each<[string, ScanOptions]>([
    ['each top directory an entry', {}],
    ['--entries files', { entries: { kind: 'files' } }],
    ['--depth 2', { entries: { kind: 'depth', depth: 2 } }],
    ['--layout ccache (every directory a container)', { layout: 'ccache' }],
  ])('%s: the same result as the scan through lstatSync', (_, opts) => {
    if (nobody) process.seteuid!(65534);
    let got: ScanResult;
    let want: ScanResult;
    try {
      got = scan(root, opts);
      want = referenceScan(root, opts);
    } finally {
      if (nobody) process.seteuid!(0);
    }
    expect(plain(got)).toStrictEqual(want);
    if (nobody) expect(got.warnings.length).toBeGreaterThan(10);
  });
});
