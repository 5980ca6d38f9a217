/**
 * Review of issue 15: the scan's entry table is sized by the root's listing (exact for a flat cache) and grown by
 * doubling when a shape makes more entries than the root has names (`--entries files`, `--depth`). Each entry reads its
 * row through getters: after the growth every entry must still read its own lstat's numbers (the fingerprint the
 * re-check compares), not another row's or the zeros of a table left behind. A root of 2 names holding 300 files,
 * hard links between them and a directory entry: the same entries as the scanner before the table
 * (__tests__/helpers/scan-reference), and each file's fingerprint its own lstat. The fuzz tree has at most 6 names a
 * directory, which rarely passes the table's first 16 rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanOptions } from '../../src/scan/scan.js';
import { plainEntry } from '../../src/scan/entry.js';
import { scan as referenceScan } from '../helpers/scan-reference/scan.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let root: string;
beforeAll(() => {
  root = tempDir('cachesweep-growth-');
  for (let i = 0; i < 300; i++) {
    const p = path.join(root, i % 2 ? 'odd' : 'even', `s${i % 23}`, `f${String(i).padStart(3, '0')}`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, Buffer.alloc(i * 10, 1));
    fs.utimesSync(p, 1_600_000_000 + i, 1_700_000_000 + i + 0.5);
  }
  fs.linkSync(path.join(root, 'even', 's0', 'f000'), path.join(root, 'odd', 's0', 'link-f000'));
  fs.linkSync(path.join(root, 'odd', 's1', 'f001'), path.join(root, 'odd', 's1', 'link-f001'));
});
afterAll(() => removeDir(root));

const SHAPES: ScanOptions['entries'][] = [{ kind: 'files' }, { kind: 'depth', depth: 2 }];

it.each(SHAPES)('more entries than the root has names (%j): every entry reads its own row, as the scan before the table', (entries) => {
  const got = scan(root, { entries: entries! });
  expect(got.entries.length).toBeGreaterThan(entries!.kind === 'files' ? 300 : 16);
  expect({ ...got, entries: got.entries.map(plainEntry) }).toStrictEqual(referenceScan(root, { entries: entries! }));
  for (const e of got.entries) {
    if (e.kind !== 'file') continue;
    const st = fs.lstatSync(path.join(root, e.name));
    expect([e.name, e.fingerprint.dev, e.fingerprint.ino, e.mtimeMs, e.atimeMs, e.apparentBytes]).toEqual([e.name, st.dev, st.ino, st.mtimeMs, st.atimeMs, st.size]);
  }
  expect(new Set(got.entries.map((e) => `${e.fingerprint.dev}:${e.fingerprint.ino}`)).size).toBe(got.entries.length - (entries!.kind === 'files' ? 2 : 0));
});
