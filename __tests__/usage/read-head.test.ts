import fs from 'node:fs';
import path from 'node:path';
import { PROBE_BYTES, readHead } from '../../src/usage/read-head.js';
import { cleanup, qcow2, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

describe('readHead', () => {
  it('reads without updating the access time, where a plain read does (relatime: atime older than a day)', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    for (const f of [a, b]) {
      fs.writeFileSync(f, Buffer.alloc(8192, 1));
      const old = Math.floor(Date.now() / 1000) - 3 * 86400;
      fs.utimesSync(f, old, old);
    }
    const before = fs.statSync(a).atimeMs;
    fs.readFileSync(b); // the control: this machine's mount does update atimes on read
    expect(fs.statSync(b).atimeMs).toBeGreaterThan(before);
    const head = readHead(a);
    expect(head.noAtime).toBe(true);
    expect(head.bytes.length).toBe(8192);
    expect(fs.statSync(a).atimeMs).toBe(before);
  });

  it('reads at most the probe size of a file that is not qcow2', () => {
    const dir = tempDir();
    const f = path.join(dir, 'big');
    fs.writeFileSync(f, Buffer.alloc(PROBE_BYTES * 2, 7));
    const head = readHead(f);
    expect(head.bytes.length).toBe(PROBE_BYTES);
    expect(head.size).toBe(PROBE_BYTES * 2);
  });

  it('reads a whole small qcow2 image head and reports its inode', () => {
    const dir = tempDir();
    const f = path.join(dir, 'q');
    qcow2(f);
    const st = fs.statSync(f);
    const head = readHead(f);
    expect([head.dev, head.ino]).toEqual([st.dev, st.ino]);
    expect(head.bytes.length).toBe(Math.min(65536, st.size));
  });

  it('refuses what is not a regular file, and passes fs errors on', () => {
    const dir = tempDir();
    expect(() => readHead(dir)).toThrow(/not a regular file/);
    expect(() => readHead(path.join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
