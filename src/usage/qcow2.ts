/**
 * A qcow2 header parser, written from the format's specification (QEMU docs/interop/qcow2.txt).
 * Pure: a Buffer holding the start of the file in, the header's references to other files out.
 * Anything truncated, inconsistent or hostile is a Qcow2Error, never a guess: the caller must then
 * assume the worst about what the image refers to.
 */

/** `QFI\xfb` */
export const QCOW2_MAGIC = 0x514649fb;
/** Header extension types (big-endian u32). */
export const EXT_END = 0x00000000;
export const EXT_BACKING_FORMAT = 0xe2792aca;
export const EXT_FEATURE_TABLE = 0x6803f857;
export const EXT_EXTERNAL_DATA_FILE = 0x44415441;
/** QEMU refuses backing file names longer than this (bytes). */
export const MAX_BACKING_NAME = 1023;
/** QEMU keeps the backing format name in a 16-byte buffer, NUL included. */
export const MAX_FORMAT_NAME = 15;
/** Cluster sizes QEMU accepts: 512 B .. 2 MiB. */
export const MIN_CLUSTER_BITS = 9;
export const MAX_CLUSTER_BITS = 21;
/** Bytes of the fixed header of version 2; version 3 adds fields up to header_length (at least 104). */
const V2_HEADER_LENGTH = 72;
const V3_MIN_HEADER_LENGTH = 104;

export class Qcow2Error extends Error {
  override readonly name = 'Qcow2Error';
}

export interface Qcow2Extension {
  type: number;
  offset: number;
  length: number;
}

export interface Qcow2Header {
  version: 2 | 3;
  clusterBits: number;
  clusterSize: number;
  virtualSize: bigint;
  headerLength: number;
  /** The backing file name as written in the image (relative names are relative to the image's directory), or null. */
  backingFile: string | null;
  /** The backing format from the header extension (`raw`, `qcow2`, ...), or null when the image does not say. */
  backingFormat: string | null;
  /** The external data file name (header extension 'DATA'), or null. */
  dataFile: string | null;
  incompatibleFeatures: bigint;
  extensions: Qcow2Extension[];
}

/** Does the buffer start with the qcow magic (any version)? */
export function hasQcowMagic(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32BE(0) === QCOW2_MAGIC;
}

/**
 * How many bytes from the start of the file the parser needs: the first cluster (where the header,
 * its extensions and the backing file name must all lie), or null when the buffer is too short to tell.
 */
export function qcow2BytesNeeded(buf: Buffer): number | null {
  if (buf.length < 24 || !hasQcowMagic(buf)) return null;
  const bits = buf.readUInt32BE(20);
  if (bits < MIN_CLUSTER_BITS || bits > MAX_CLUSTER_BITS) return null;
  return 2 ** bits;
}

/**
 * Parse a qcow2 header. `buf` holds the start of the file: at least its first cluster, or the whole file when it is
 * smaller. `fileSize` is the size of the whole file (defaults to buf.length), so references past its end are caught.
 */
export function parseQcow2Header(buf: Buffer, fileSize: number = buf.length): Qcow2Header {
  const fixed = fixedHeader(buf, fileSize);
  const { backingFile, backingStart } = backingName(buf, fileSize, fixed);
  // Header extensions: from the end of the header up to the backing file name (or the end of the first cluster).
  const ext = headerExtensions(buf, fixed.headerLength, backingStart ?? fixed.firstCluster);
  const { firstCluster: _firstCluster, backingOffset: _backingOffset, backingSize: _backingSize, ...header } = fixed;
  return { ...header, backingFile, ...ext };
}

interface FixedHeader {
  version: 2 | 3;
  clusterBits: number;
  clusterSize: number;
  virtualSize: bigint;
  headerLength: number;
  incompatibleFeatures: bigint;
  backingOffset: bigint;
  backingSize: number;
  firstCluster: number;
}

/** The fixed part of the header (versions 2 and 3), checked against the file's size. */
function fixedHeader(buf: Buffer, fileSize: number): FixedHeader {
  if (buf.length < 4) throw new Qcow2Error(`truncated: ${buf.length} bytes, not even the magic`);
  if (!hasQcowMagic(buf)) throw new Qcow2Error('not a qcow2 image (bad magic)');
  if (buf.length < 8) throw new Qcow2Error(`truncated header: ${buf.length} bytes`);
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new Qcow2Error(`unsupported qcow version ${version} (only 2 and 3)`);
  const fixed = version === 2 ? V2_HEADER_LENGTH : V3_MIN_HEADER_LENGTH;
  if (buf.length < fixed) throw new Qcow2Error(`truncated header: ${buf.length} bytes, version ${version} needs ${fixed}`);

  const backingOffset = buf.readBigUInt64BE(8);
  const backingSize = buf.readUInt32BE(16);
  const clusterBits = buf.readUInt32BE(20);
  if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
    throw new Qcow2Error(`invalid cluster_bits ${clusterBits} (must be ${MIN_CLUSTER_BITS}..${MAX_CLUSTER_BITS})`);
  }
  const clusterSize = 2 ** clusterBits;
  const virtualSize = buf.readBigUInt64BE(24);
  // The header, its extensions and the backing file name all live in the first cluster.
  const firstCluster = Math.min(clusterSize, fileSize);
  if (buf.length < firstCluster) {
    throw new Qcow2Error(`internal: parser given ${buf.length} bytes, needs the first ${firstCluster}`);
  }

  let headerLength = V2_HEADER_LENGTH;
  let incompatibleFeatures = 0n;
  if (version === 3) {
    incompatibleFeatures = buf.readBigUInt64BE(72);
    headerLength = buf.readUInt32BE(100);
    if (headerLength < V3_MIN_HEADER_LENGTH) throw new Qcow2Error(`invalid header_length ${headerLength} (at least ${V3_MIN_HEADER_LENGTH})`);
    if (headerLength % 8 !== 0) throw new Qcow2Error(`invalid header_length ${headerLength} (not a multiple of 8)`);
    if (headerLength > clusterSize) throw new Qcow2Error(`header_length ${headerLength} is larger than a cluster (${clusterSize})`);
    if (headerLength > fileSize) throw new Qcow2Error(`header_length ${headerLength} is past the end of the file (${fileSize} bytes)`);
  }
  return { version, clusterBits, clusterSize, virtualSize, headerLength, incompatibleFeatures, backingOffset, backingSize, firstCluster };
}

/** The backing file name, which must lie inside the first cluster, after the header; where it starts, when there is one. */
function backingName(buf: Buffer, fileSize: number, h: FixedHeader): { backingFile: string | null; backingStart?: number } {
  const { backingOffset, backingSize, clusterSize, headerLength } = h;
  if (backingOffset === 0n) return { backingFile: null };
  if (backingSize > MAX_BACKING_NAME) throw new Qcow2Error(`backing file name too long: ${backingSize} bytes (QEMU allows ${MAX_BACKING_NAME})`);
  const end = backingOffset + BigInt(backingSize);
  if (end > BigInt(fileSize)) throw new Qcow2Error(`backing file name at offset ${backingOffset} (+${backingSize}) is past the end of the file (${fileSize} bytes)`);
  if (backingOffset > BigInt(clusterSize) || end > BigInt(clusterSize)) {
    throw new Qcow2Error(`backing file name at offset ${backingOffset} (+${backingSize}) is outside the first cluster (${clusterSize} bytes)`);
  }
  const backingStart = Number(backingOffset);
  if (backingStart < headerLength) throw new Qcow2Error(`backing file name at offset ${backingStart} overlaps the header (${headerLength} bytes)`);
  const name = decodeName(buf.subarray(backingStart, backingStart + backingSize), 'backing file name');
  return { backingFile: name === '' ? null : name, backingStart };
}

/** The header extensions between `start` and `extEnd`: their list, and the backing format and data file they name. */
function headerExtensions(buf: Buffer, start: number, extEnd: number): Pick<Qcow2Header, 'extensions' | 'backingFormat' | 'dataFile'> {
  const extensions: Qcow2Extension[] = [];
  let backingFormat: string | null = null;
  let dataFile: string | null = null;
  let off = start;
  for (;;) {
    // No room for another extension header before the name (or the end of the first cluster): QEMU stops here too.
    if (off + 8 > extEnd) break;
    const type = buf.readUInt32BE(off);
    const length = buf.readUInt32BE(off + 4);
    if (type === EXT_END) break;
    const dataStart = off + 8;
    if (length > extEnd - dataStart) {
      throw new Qcow2Error(`header extension 0x${type.toString(16)} at offset ${off} is too large (${length} bytes, ${extEnd - dataStart} left)`);
    }
    const data = buf.subarray(dataStart, dataStart + length);
    extensions.push({ type, offset: off, length });
    if (type === EXT_BACKING_FORMAT) {
      if (length > MAX_FORMAT_NAME) throw new Qcow2Error(`backing format name too long: ${length} bytes (QEMU allows ${MAX_FORMAT_NAME})`);
      // Empty (or all NUL padding): QEMU then has no format and probes the backing file; so does the chain follower.
      backingFormat = decodeName(data, 'backing format name') || null;
    } else if (type === EXT_EXTERNAL_DATA_FILE) {
      if (length > MAX_BACKING_NAME) throw new Qcow2Error(`external data file name too long: ${length} bytes`);
      dataFile = decodeName(data, 'external data file name') || null;
    }
    off = dataStart + Math.ceil(length / 8) * 8;
  }
  return { extensions, backingFormat, dataFile };
}

/** A name stored in the header: UTF-8, no NUL inside (QEMU would cut it there; an image that does is not honest). */
function decodeName(bytes: Buffer, what: string): string {
  if (bytes.includes(0)) {
    // Trailing NUL padding is tolerated (some writers pad the format name); a NUL inside the name is not.
    const firstNul = bytes.indexOf(0);
    if (bytes.subarray(firstNul).some((b) => b !== 0)) throw new Qcow2Error(`${what} contains a NUL byte`);
    bytes = bytes.subarray(0, firstNul);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Qcow2Error(`${what} is not valid UTF-8`);
  }
}
