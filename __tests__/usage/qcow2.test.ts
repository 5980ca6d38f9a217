import fs from 'node:fs';
import path from 'node:path';
import {
  EXT_BACKING_FORMAT,
  EXT_EXTERNAL_DATA_FILE,
  hasQcowMagic,
  parseQcow2Header,
  Qcow2Error,
  qcow2BytesNeeded,
} from '../../src/usage/qcow2.js';
import { readHead } from '../../src/usage/read-head.js';
import { cleanup, qcow2, qcow2Over, qemuImg, rawImage, tempDir } from '../helpers/in-use.js';
import { thrownBy } from '../helpers/errors.js';

afterAll(cleanup);

let dir: string;
let v3: Buffer; // qcow2 v3 over a raw base, relative name
let v2: Buffer; // qcow2 v2 (compat 0.10) over an absolute qcow2 name
let plain: Buffer; // qcow2 v3, no backing file

beforeAll(() => {
  dir = tempDir();
  rawImage(path.join(dir, 'base.raw'));
  qcow2Over(path.join(dir, 'v3.qcow2'), 'base.raw', 'raw');
  qcow2Over(path.join(dir, 'v2.qcow2'), path.join(dir, 'v3.qcow2'), 'qcow2', { compat: '0.10' });
  qcow2(path.join(dir, 'plain.qcow2'));
  v3 = fs.readFileSync(path.join(dir, 'v3.qcow2'));
  v2 = fs.readFileSync(path.join(dir, 'v2.qcow2'));
  plain = fs.readFileSync(path.join(dir, 'plain.qcow2'));
});

/** A copy of `buf` changed by `edit`. */
const mutate = (buf: Buffer, edit: (b: Buffer) => void): Buffer => {
  const b = Buffer.from(buf);
  edit(b);
  return b;
};
const errorOf = (buf: Buffer, size?: number): string => thrownBy(Qcow2Error, () => parseQcow2Header(buf, size)).message;

describe('parseQcow2Header on images made by qemu-img', () => {
  it('reads a version 3 header: backing name, backing format extension, cluster size', () => {
    const h = parseQcow2Header(v3);
    expect(h.version).toBe(3);
    expect(h.backingFile).toBe('base.raw');
    expect(h.backingFormat).toBe('raw');
    expect(h.clusterSize).toBe(65536);
    expect(h.headerLength).toBeGreaterThanOrEqual(104);
    expect(h.extensions.map((e) => e.type)).toContain(EXT_BACKING_FORMAT);
    expect(h.dataFile).toBeNull();
  });

  it('reads a version 2 (compat 0.10) header with an absolute backing name', () => {
    const h = parseQcow2Header(v2);
    expect(h.version).toBe(2);
    expect(h.headerLength).toBe(72);
    expect(h.backingFile).toBe(path.join(dir, 'v3.qcow2'));
    expect(h.backingFormat).toBe('qcow2');
  });

  it('an image without a backing file has none', () => {
    const h = parseQcow2Header(plain);
    expect(h.backingFile).toBeNull();
    expect(h.backingFormat).toBeNull();
    expect(h.virtualSize).toBe(1024n * 1024n);
  });

  it('agrees with qemu-img info on the backing file of every image', () => {
    for (const f of ['v3.qcow2', 'v2.qcow2', 'plain.qcow2']) {
      const info = JSON.parse(qemuImg('info', '--output=json', path.join(dir, f))) as { 'backing-filename'?: string; 'backing-filename-format'?: string };
      const h = parseQcow2Header(fs.readFileSync(path.join(dir, f)));
      expect(h.backingFile).toBe(info['backing-filename'] ?? null);
      expect(h.backingFormat).toBe(info['backing-filename-format'] ?? null);
    }
  });

  it('reads the external data file extension', () => {
    const img = path.join(dir, 'ext.qcow2');
    qemuImg('create', '-q', '-f', 'qcow2', '-o', `data_file=${path.join(dir, 'ext.data')}`, img, '1M');
    const h = parseQcow2Header(fs.readFileSync(img));
    expect(h.dataFile).toBe(path.join(dir, 'ext.data'));
    expect(h.extensions.map((e) => e.type)).toContain(EXT_EXTERNAL_DATA_FILE);
  });

  it('readHead reads the whole first cluster of an image with 2 MiB clusters, and the parser takes it', () => {
    const img = path.join(dir, 'big-cluster.qcow2');
    qemuImg('create', '-q', '-f', 'qcow2', '-o', 'cluster_size=2M', '-b', 'base.raw', '-F', 'raw', img);
    const head = readHead(img);
    expect(qcow2BytesNeeded(head.bytes)).toBe(2 * 1024 * 1024);
    const h = parseQcow2Header(head.bytes, head.size);
    expect(h.clusterSize).toBe(2 * 1024 * 1024);
    expect(h.backingFile).toBe('base.raw');
  });

  it('a raw file has no qcow magic', () => {
    expect(hasQcowMagic(fs.readFileSync(path.join(dir, 'base.raw')))).toBe(false);
    expect(errorOf(fs.readFileSync(path.join(dir, 'base.raw')))).toMatch(/bad magic/);
  });
});

describe('parseQcow2Header refuses truncated, corrupt and hostile headers', () => {
  it('truncated files', () => {
    expect(errorOf(v3.subarray(0, 3))).toMatch(/truncated/);
    expect(errorOf(v3.subarray(0, 6))).toMatch(/truncated/);
    expect(errorOf(v3.subarray(0, 50))).toMatch(/truncated header: 50 bytes, version 3 needs 104/);
    expect(errorOf(v2.subarray(0, 71))).toMatch(/truncated header: 71 bytes, version 2 needs 72/);
  });

  it('a file cut right after the header: the backing name is past the end of the file', () => {
    const h = parseQcow2Header(v3);
    const nameAt = v3.readUInt32BE(12); // low half of backing_file_offset
    const cut = v3.subarray(0, nameAt + 2);
    expect(h.backingFile).toBe('base.raw');
    expect(errorOf(cut)).toMatch(/past the end of the file/);
  });

  it('a backing name offset past the end of the file', () => {
    const bad = mutate(v3, (b) => b.writeBigUInt64BE(BigInt(v3.length + 4096), 8));
    expect(errorOf(bad)).toMatch(/past the end of the file/);
  });

  it('a backing name outside the first cluster', () => {
    const bad = mutate(v3, (b) => b.writeBigUInt64BE(70_000n, 8));
    expect(errorOf(bad)).toMatch(/outside the first cluster/);
  });

  it('a backing name longer than QEMU allows (1023 bytes), but 1023 is fine', () => {
    const at = 0x1000;
    const ok = mutate(v3, (b) => {
      b.writeBigUInt64BE(BigInt(at), 8);
      b.writeUInt32BE(1023, 16);
      b.fill(0x61, at, at + 1023);
    });
    expect(parseQcow2Header(ok).backingFile).toBe('a'.repeat(1023));
    const bad = mutate(ok, (b) => b.writeUInt32BE(1024, 16));
    expect(errorOf(bad)).toMatch(/backing file name too long: 1024 bytes/);
    const absurd = mutate(ok, (b) => b.writeUInt32BE(0xffffffff, 16));
    expect(errorOf(absurd)).toMatch(/too long/);
  });

  it('a backing name that is not UTF-8, or has a NUL inside', () => {
    const at = v3.readUInt32BE(12);
    expect(errorOf(mutate(v3, (b) => (b[at] = 0xff)))).toMatch(/not valid UTF-8/);
    expect(errorOf(mutate(v3, (b) => (b[at + 1] = 0)))).toMatch(/NUL/);
  });

  it('a backing name overlapping the header', () => {
    expect(errorOf(mutate(v3, (b) => b.writeBigUInt64BE(16n, 8)))).toMatch(/overlaps the header/);
  });

  it('unsupported versions and absurd cluster sizes', () => {
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(1, 4)))).toMatch(/unsupported qcow version 1/);
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(4, 4)))).toMatch(/unsupported qcow version 4/);
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(31, 20)))).toMatch(/invalid cluster_bits 31/);
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(8, 20)))).toMatch(/invalid cluster_bits 8/);
  });

  it('bad version 3 header lengths', () => {
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(96, 100)))).toMatch(/header_length 96/);
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(108, 100)))).toMatch(/not a multiple of 8/);
    expect(errorOf(mutate(v3, (b) => b.writeUInt32BE(1 << 20, 100)))).toMatch(/larger than a cluster/);
  });

  it('a header extension claiming more bytes than there are', () => {
    const hl = v3.readUInt32BE(100);
    const bad = mutate(v3, (b) => b.writeUInt32BE(0x7fffffff, hl + 4));
    expect(errorOf(bad)).toMatch(/header extension 0xe2792aca .* too large/);
  });

  it('a backing format name longer than QEMU keeps', () => {
    const hl = v3.readUInt32BE(100);
    expect(v3.readUInt32BE(hl)).toBe(EXT_BACKING_FORMAT);
    const bad = mutate(v3, (b) => b.writeUInt32BE(24, hl + 4));
    expect(errorOf(bad)).toMatch(/backing format name too long/);
  });
});
