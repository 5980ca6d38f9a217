/**
 * Fuzzing the qcow2 header parser.
 *  - Random bytes (and random bytes behind a real magic and version): a header or a Qcow2Error, nothing else.
 *  - Headers built by a small encoder written here from the specification, with random valid fields: parsed back
 *    to exactly those fields.
 *  - Real headers made by qemu-img, mutated (bytes changed, the file cut short, extensions added): whenever QEMU
 *    itself opens the mutated image and follows a backing file (or an external data file), the parser must either
 *    refuse the header (the disk is then unreadable, which keeps every entry) or name exactly the same file with the
 *    same format. The same images, as instance disks, go through the BackingChainDetector: a base image in the cache
 *    that QEMU would read through the disk is in use, or every entry is (the disk was unreadable).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { scan } from '../../src/scan/scan.js';
import { BackingChainDetector } from '../../src/usage/backing-chains.js';
import { mergeUsage } from '../../src/usage/merge.js';
import {
  EXT_BACKING_FORMAT,
  EXT_END,
  EXT_EXTERNAL_DATA_FILE,
  EXT_FEATURE_TABLE,
  MAX_CLUSTER_BITS,
  MIN_CLUSTER_BITS,
  QCOW2_MAGIC,
  parseQcow2Header,
  Qcow2Error,
  qcow2BytesNeeded,
  type Qcow2Header,
} from '../../src/usage/qcow2.js';
import { cleanup, qcow2, qcow2Over, qemuImg, rawImage, tempDir } from '../helpers/in-use.js';
import { returnedOrThrown } from '../helpers/errors.js';

afterAll(cleanup);

/** Parse; anything thrown must be a Qcow2Error (one line). */
function parseOrError(buf: Buffer, size?: number): Qcow2Header | Qcow2Error {
  return returnedOrThrown(Qcow2Error, () => parseQcow2Header(buf, size));
}

/** Invariants of every header the parser accepts, whatever the input. */
function checkAccepted(h: Qcow2Header, buf: Buffer): void {
  expect([2, 3]).toContain(h.version);
  expect(h.clusterBits).toBeGreaterThanOrEqual(MIN_CLUSTER_BITS);
  expect(h.clusterBits).toBeLessThanOrEqual(MAX_CLUSTER_BITS);
  expect(h.clusterSize).toBe(2 ** h.clusterBits);
  for (const name of [h.backingFile, h.dataFile]) {
    if (name === null) continue;
    expect(name).not.toBe('');
    expect(name).not.toContain('\0');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(1023);
  }
  if (h.backingFormat !== null) expect(Buffer.byteLength(h.backingFormat)).toBeLessThanOrEqual(15);
  for (const e of h.extensions) {
    expect(e.offset).toBeGreaterThanOrEqual(h.headerLength);
    expect(e.offset + 8 + e.length).toBeLessThanOrEqual(Math.min(buf.length, h.clusterSize));
  }
}

describe('parseQcow2Header on random bytes (fuzz)', () => {
  const magicAndVersion = (version: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(QCOW2_MAGIC, 0);
    b.writeUInt32BE(version, 4);
    return b;
  };
  /** Random bytes, often behind the magic and a plausible version, with cluster_bits often in range. */
  const arbBuf = fc
    .record({
      prefix: fc.constantFrom('none', 'magic2', 'magic3', 'magicAny'),
      version: fc.nat(),
      bits: fc.option(fc.integer({ min: MIN_CLUSTER_BITS, max: 12 }), { nil: undefined }),
      rest: fc.uint8Array({ maxLength: 2048 }),
      headerLength: fc.option(fc.constantFrom(104, 112, 120, 4096), { nil: undefined }),
      backing: fc.option(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 1100 })), { nil: undefined }),
    })
    .map((r) => {
      const head = r.prefix === 'none' ? Buffer.alloc(0) : magicAndVersion(r.prefix === 'magic2' ? 2 : r.prefix === 'magic3' ? 3 : r.version);
      const b = Buffer.concat([head, Buffer.from(r.rest)]);
      if (b.length >= 24 && r.bits !== undefined) b.writeUInt32BE(r.bits, 20);
      if (b.length >= 104 && r.headerLength !== undefined) b.writeUInt32BE(r.headerLength, 100);
      if (b.length >= 20 && r.backing !== undefined) {
        b.writeBigUInt64BE(BigInt(r.backing[0]), 8);
        b.writeUInt32BE(r.backing[1], 16);
      }
      return b;
    });

  test('a header that keeps every invariant, or a Qcow2Error', () => {
    fc.assert(
      fc.property(arbBuf, fc.nat({ max: 3 }), (buf, extra) => {
        const r = parseOrError(buf, buf.length + (extra === 0 ? 0 : extra * 1000));
        if (!(r instanceof Qcow2Error)) checkAccepted(r, buf);
        const need = qcow2BytesNeeded(buf);
        if (need !== null) {
          expect(Number.isInteger(Math.log2(need))).toBe(true);
          expect(need).toBeGreaterThanOrEqual(2 ** MIN_CLUSTER_BITS);
          expect(need).toBeLessThanOrEqual(2 ** MAX_CLUSTER_BITS);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

/** A header as the encoder below writes it. */
interface Spec {
  version: 2 | 3;
  clusterBits: number;
  virtualSize: bigint;
  /** v3 only: header_length (a multiple of 8, at least 104). */
  headerLength: number;
  incompatibleFeatures: bigint;
  exts: { type: number; data: Buffer }[];
  /** Write an end-of-extensions marker after the extensions. */
  endMarker: boolean;
  /** Bytes between the last extension (or the end marker) and the backing file name. */
  gap: number;
  backing: Buffer | null;
  /** The file is cut right after the backing file name (smaller than one cluster). */
  short: boolean;
}

/** Independent encoder of a qcow2 header from the specification (docs/interop/qcow2.txt). Null when it does not fit a cluster. */
function encode(s: Spec): Buffer | null {
  const cluster = 2 ** s.clusterBits;
  const hlen = s.version === 2 ? 72 : s.headerLength;
  const parts: Buffer[] = [];
  for (const e of s.exts) {
    const h = Buffer.alloc(8);
    h.writeUInt32BE(e.type, 0);
    h.writeUInt32BE(e.data.length, 4);
    parts.push(h, e.data, Buffer.alloc((8 - (e.data.length % 8)) % 8));
  }
  if (s.endMarker) parts.push(Buffer.alloc(8));
  const exts = Buffer.concat(parts);
  const nameAt = hlen + exts.length + s.gap;
  const end = nameAt + (s.backing?.length ?? 0);
  if (end > cluster || hlen > cluster) return null;
  const buf = Buffer.alloc(s.short && s.backing ? Math.max(end, hlen) : cluster);
  buf.writeUInt32BE(QCOW2_MAGIC, 0);
  buf.writeUInt32BE(s.version, 4);
  if (s.backing) {
    buf.writeBigUInt64BE(BigInt(nameAt), 8);
    buf.writeUInt32BE(s.backing.length, 16);
    s.backing.copy(buf, nameAt);
  }
  buf.writeUInt32BE(s.clusterBits, 20);
  buf.writeBigUInt64BE(s.virtualSize, 24);
  if (s.version === 3) {
    buf.writeBigUInt64BE(s.incompatibleFeatures, 72);
    buf.writeUInt32BE(4, 96); // refcount_order
    buf.writeUInt32BE(hlen, 100);
  }
  exts.copy(buf, hlen);
  return buf;
}

const nameBytes = (max: number) =>
  fc
    .fullUnicodeString({ minLength: 1, maxLength: max })
    .map((t) => t.replace(/\0/g, ''))
    .filter((t) => t !== '' && Buffer.byteLength(t) <= max)
    .map((t) => Buffer.from(t, 'utf8'));

const arbExt = fc.oneof(
  fc.record({ type: fc.constant(EXT_BACKING_FORMAT), data: fc.stringMatching(/^[a-z0-9_-]{1,15}$/).map((t) => Buffer.from(t)) }),
  fc.record({ type: fc.constant(EXT_EXTERNAL_DATA_FILE), data: nameBytes(200) }),
  fc.record({ type: fc.constant(EXT_FEATURE_TABLE), data: fc.uint8Array({ maxLength: 96 }).map((a) => Buffer.from(a)) }),
  fc.record({
    type: fc.integer({ min: 1, max: 0xffffffff }).filter((t) => t !== EXT_BACKING_FORMAT && t !== EXT_EXTERNAL_DATA_FILE),
    data: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  }),
);

const arbSpec: fc.Arbitrary<Spec> = fc.record({
  version: fc.constantFrom(2 as const, 3 as const),
  clusterBits: fc.oneof(fc.integer({ min: MIN_CLUSTER_BITS, max: 16 }), fc.constantFrom(MIN_CLUSTER_BITS, 16, MAX_CLUSTER_BITS)),
  virtualSize: fc.bigUintN(64),
  headerLength: fc.integer({ min: 13, max: 40 }).map((n) => n * 8),
  incompatibleFeatures: fc.bigUintN(64),
  exts: fc.array(arbExt, { maxLength: 5 }),
  endMarker: fc.boolean(),
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 64 })),
  backing: fc.option(nameBytes(1023), { nil: null }),
  short: fc.boolean(),
});

describe('parseQcow2Header on headers built from random valid fields (fuzz)', () => {
  test('parses back to exactly the fields written', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const buf = encode(s);
        fc.pre(buf !== null);
        const h = parseQcow2Header(buf!);
        const hlen = s.version === 2 ? 72 : s.headerLength;
        expect(h.version).toBe(s.version);
        expect(h.clusterBits).toBe(s.clusterBits);
        expect(h.virtualSize).toBe(s.virtualSize);
        expect(h.headerLength).toBe(hlen);
        expect(h.incompatibleFeatures).toBe(s.version === 3 ? s.incompatibleFeatures : 0n);
        expect(h.backingFile).toBe(s.backing ? s.backing.toString('utf8') : null);
        // Without an end marker, the zeros of the gap (or of the rest of the cluster) read as one.
        const last = (type: number): string | null => {
          const found = s.exts.filter((e) => e.type === type);
          return found.length ? found[found.length - 1]!.data.toString('utf8') : null;
        };
        expect(h.backingFormat).toBe(last(EXT_BACKING_FORMAT));
        expect(h.dataFile).toBe(last(EXT_EXTERNAL_DATA_FILE));
        let off = hlen;
        expect(h.extensions).toEqual(
          s.exts.map((e) => {
            const at = off;
            off += 8 + Math.ceil(e.data.length / 8) * 8;
            return { type: e.type, offset: at, length: e.data.length };
          }),
        );
      }),
      { numRuns: 2000 },
    );
  });

  test('cut anywhere before the end of what it names, a built header is refused, never read short', () => {
    fc.assert(
      fc.property(arbSpec, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (s, at) => {
        const buf = encode({ ...s, short: true });
        fc.pre(buf !== null && s.backing !== null);
        const end = Number(buf!.readBigUInt64BE(8)) + s.backing!.length;
        const cut = Math.floor(at * end);
        const r = parseOrError(buf!.subarray(0, cut));
        expect(r).toBeInstanceOf(Qcow2Error);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real headers, mutated, against QEMU.

interface QemuView {
  backing: string | null;
  format: string | null;
  dataFile: string | null;
}

/** What QEMU makes of the image (null: it does not open it as a qcow2 image). */
function qemuInfo(file: string): QemuView | null {
  let out: string;
  try {
    out = execFileSync('qemu-img', ['info', '-f', 'qcow2', '-U', '--output=json', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
  } catch {
    return null;
  }
  const j = JSON.parse(out) as {
    'backing-filename'?: string;
    'backing-filename-format'?: string;
    'format-specific'?: { data?: { 'data-file'?: string } };
  };
  // An empty data file name is reported as "" by qemu-img but names no file QEMU could open.
  return { backing: j['backing-filename'] ?? null, format: j['backing-filename-format'] ?? null, dataFile: j['format-specific']?.data?.['data-file'] || null };
}

/** Regression examples: mutations that once went wrong, kept explicitly. */
const REGRESSIONS: { template: number; edits: [number, number][]; splice?: [number, string] }[] = [
  // An empty backing format extension: QEMU has no format (it probes); the parser said '' and the chain follower
  // refused the backing file as a format it does not follow (safe, but every entry was kept for nothing).
  { template: 0, edits: [[4, 0]], splice: [EXT_BACKING_FORMAT, ''] },
];

describe('mutated real qcow2 headers against qemu-img (fuzz)', () => {
  let top: string;
  let inst: string;
  let cache: string;
  const templates: Buffer[] = [];

  beforeAll(() => {
    top = tempDir('cachesweep-qfuzz-');
    inst = path.join(top, 'instances');
    cache = path.join(inst, '_base');
    fs.mkdirSync(cache, { recursive: true });
    rawImage(path.join(cache, 'base.raw'), 1024 * 1024);
    qcow2Over(path.join(cache, 'mid.qcow2'), path.join(cache, 'base.raw'), 'raw');
    rawImage(path.join(cache, 'unrelated.raw'), 1024 * 1024);
    const t = path.join(top, 'templates');
    fs.mkdirSync(t);
    qcow2Over(path.join(t, 'abs-raw'), path.join(cache, 'base.raw'), 'raw');
    // Relative backing names are relative to the disk's directory (instances/uN) once the template is copied there.
    qemuImg('create', '-q', '-f', 'qcow2', '-u', '-o', 'compat=0.10', '-b', '../_base/mid.qcow2', '-F', 'qcow2', path.join(t, 'v2-rel-qcow2'), '1M');
    qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', '../_base/base.raw', '-F', 'raw', path.join(t, 'rel-raw'), '1M');
    qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', '../_base/./mid.qcow2', '-F', 'qcow2', '-o', 'cluster_size=4096', path.join(t, 'small-cluster'), '1M');
    qcow2(path.join(t, 'no-backing'));
    for (const n of ['abs-raw', 'v2-rel-qcow2', 'rel-raw', 'small-cluster', 'no-backing']) templates.push(fs.readFileSync(path.join(t, n)));
  });

  /** A mutation of a template: bytes changed in its header area, maybe cut short, maybe an extension spliced in. */
  const arbMutation = fc.record({
    template: fc.nat({ max: 4 }),
    edits: fc.array(
      fc.tuple(
        fc.oneof(fc.integer({ min: 0, max: 111 }), fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 0, max: 4095 })),
        fc.oneof(fc.nat({ max: 255 }), fc.constantFrom(0, 0xff, 0x2f, 0x2e)),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    cut: fc.option(fc.integer({ min: 0, max: 70_000 }), { freq: 4, nil: undefined }),
    splice: fc.option(fc.tuple(fc.constantFrom(EXT_BACKING_FORMAT, EXT_EXTERNAL_DATA_FILE, EXT_END, 0x12345678), fc.stringMatching(/^[a-z./_]{0,20}$/)), {
      freq: 4,
      nil: undefined,
    }),
  });

  function apply(m: { template: number; edits: [number, number][]; cut?: number | undefined; splice?: [number, string] | undefined }): Buffer {
    const b = Buffer.from(templates[m.template]!);
    if (m.splice) {
      // Overwrite the first extension slot (right after the header) with a new extension.
      const hlen = b.readUInt32BE(4) === 3 ? b.readUInt32BE(100) : 72;
      const data = Buffer.from(m.splice[1]);
      b.writeUInt32BE(m.splice[0], hlen);
      b.writeUInt32BE(data.length, hlen + 4);
      data.copy(b, hlen + 8);
    }
    for (const [at, v] of m.edits) if (at < b.length) b[at] = v;
    return m.cut !== undefined && m.cut < b.length ? b.subarray(0, m.cut) : b;
  }

  /** Cases where QEMU follows a file: the parser agreed on it, or refused the header. */
  const stats = { compared: 0, refused: 0 };

  function check(buf: Buffer, i: number): void {
    const disk = path.join(inst, `u${i}`, 'disk');
    fs.mkdirSync(path.dirname(disk), { recursive: true });
    fs.writeFileSync(disk, buf);
    try {
      const q = qemuInfo(disk);
      const ours = parseOrError(buf);
      if (!(ours instanceof Qcow2Error)) checkAccepted(ours, buf);
      if (q === null) return; // QEMU does not open it: nothing runs on it, and nothing to compare
      if (q.backing !== null || q.dataFile !== null) {
        if (ours instanceof Qcow2Error) stats.refused++;
        else {
          stats.compared++;
          // One-sided: naming a file QEMU ignores (a data file extension in a v2 image, say) only keeps more.
          if (q.backing !== null) expect({ backing: ours.backingFile, format: ours.backingFormat }).toEqual({ backing: q.backing, format: q.format });
          if (q.dataFile !== null) expect(ours.dataFile).toBe(q.dataFile);
        }
        // End to end: a cache entry QEMU reads through this disk is in use, or every entry is.
        const entries = scan(cache, { layout: 'generic' }).entries;
        const d = new BackingChainDetector({ root: cache, instancesDirs: [inst], ignoreUnreadable: false, warn: () => undefined });
        const signals = d.collect(entries);
        const keepsAll = signals.some((s) => s.name === null && (s.inUse?.length ?? 0) > 0);
        const usage = mergeUsage(entries, signals);
        for (const ref of [q.backing, q.dataFile]) {
          if (ref === null || ref.includes(':')) continue;
          let real: string;
          try {
            real = fs.realpathSync(path.resolve(path.dirname(disk), ref));
          } catch {
            continue; // names no existing file
          }
          const e = entries.find((x) => x.path === real);
          if (e && !keepsAll) expect(usage.get(e.name)!.inUse.length).toBeGreaterThan(0);
        }
      }
    } finally {
      fs.rmSync(path.dirname(disk), { recursive: true, force: true });
    }
  }

  test('regression examples', () => {
    REGRESSIONS.forEach((m, i) => check(apply(m), 1000 + i));
  });

  test('QEMU never follows a backing or data file that the parser names differently, or that the detector misses', () => {
    let i = 0;
    fc.assert(
      fc.property(arbMutation, (m) => check(apply(m), i++)),
      { numRuns: 150 },
    );
    // The oracle must have been exercised: most mutations leave an image that QEMU still opens with its backing file.
    expect(stats.compared).toBeGreaterThan(15);
    if (process.env.FUZZ_STATS) console.log(stats);
  });
});
