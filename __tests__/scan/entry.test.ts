/**
 * A scanned entry keeps its numbers in the scan's table and reads them through getters (src/scan/entry.ts). What that
 * must not change: JSON.stringify of an entry, the fingerprint the re-check compares (exactly the lstat's numbers),
 * the rare fields; and what it is for: an entry has 4 own fields, none of them a number of its own, a string or an
 * array made per entry besides its name (a memory regression shows here, not as a time).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { plainEntry, ScannedEntry } from '../../src/scan/entry.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let root: string;
beforeAll(() => {
  root = tempDir('cachesweep-entry-');
  fs.mkdirSync(path.join(root, 'shard'));
  fs.writeFileSync(path.join(root, 'shard', 'a'), Buffer.alloc(5000, 1));
  fs.writeFileSync(path.join(root, 'shard', 'b.part'), 'x');
  fs.linkSync(path.join(root, 'shard', 'a'), path.join(root, 'shard', 'a-link'));
  fs.writeFileSync(path.join(root, 'old'), 'y');
  fs.utimesSync(path.join(root, 'old'), 0, 1_700_000_000.123456); // mtime with a fraction
  execFileSync('touch', ['-a', '-d', '1969-12-31 00:00:00.25 UTC', path.join(root, 'old')]); // fs.utimes takes a time < 0 as now
  fs.symlinkSync('old', path.join(root, 'link'));
});
afterAll(() => removeDir(root));

describe('scanned entries', () => {
  it('have only a name, their table, their row and their rare fields of their own', () => {
    const r = scan(root, { entries: { kind: 'files' } });
    expect(r.entries.map((e) => e.name)).toEqual(['link', 'old', 'shard/a', 'shard/a-link', 'shard/b.part']);
    for (const e of r.entries) {
      expect(e).toBeInstanceOf(ScannedEntry);
      expect(Object.keys(e)).toEqual(['name', 't', 'i', 'x']);
    }
  });

  it('read the lstat numbers exactly, times before 1970 as 0 like the sums, and a fingerprint of the same numbers', () => {
    const r = scan(root, { entries: { kind: 'files' } });
    const e = r.entries.find((x) => x.name === 'old')!;
    const st = fs.lstatSync(path.join(root, 'old'));
    expect(e.mtimeMs).toBe(st.mtimeMs);
    expect(st.atimeMs).toBeLessThan(0);
    expect(e.atimeMs).toBe(0);
    expect(e.path).toBe(path.join(root, 'old'));
    expect(e.fingerprint).toStrictEqual({ dev: st.dev, ino: st.ino, kind: 'file', apparentBytes: 1, mtimeMs: st.mtimeMs, nodes: 1 });
    expect(e.warnings).toEqual([]);
    expect(Object.isFrozen(e.warnings)).toBe(true);
    const link = r.entries.find((x) => x.name === 'link')!;
    expect([link.kind, link.unknown, link.unknownWhy]).toEqual(['symlink', true, expect.any(String)]);
    const a = r.entries.find((x) => x.name === 'shard/a')!;
    expect(a.link).toEqual({ group: 0, privateBytes: 0 });
    expect(r.entries.find((x) => x.name === 'shard/b.part')!.partial).toBe(true);
  });

  it('stringify as the plain entry the scan made before; a spread does not copy the getters, plainEntry does', () => {
    const r = scan(root, { entries: { kind: 'files' } });
    for (const e of r.entries) {
      const p = plainEntry(e);
      expect(JSON.stringify(e)).toBe(JSON.stringify(p));
      expect(Object.keys(p).slice(0, 13)).toEqual(['name', 'path', 'kind', 'class', 'partial', 'unknown', 'bytes', 'allocatedBytes', 'apparentBytes', 'mtimeMs', 'atimeMs', 'fingerprint', 'warnings']);
      expect({ ...e }).not.toHaveProperty('bytes');
    }
  });
});
