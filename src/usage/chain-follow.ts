import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { resolveBackingRef } from './backing-ref.js';
import { addReason, useFamily, type FollowOptions, type Survey } from './chain-survey.js';
import type { EntryIndex } from './entry-index.js';
import { hasQcowMagic, parseQcow2Header, Qcow2Error } from './qcow2.js';
import { NoAtimeRefused, readHead } from './read-head.js';

/** Deeper than this a chain is taken for hostile (QEMU has no such chains in practice). */
export const MAX_CHAIN_DEPTH = 64;
/** Formats whose files are plain data: they back onto nothing. */
const RAW_FORMATS = new Set(['raw', 'file', 'host_device', 'host_cdrom']);
/** Magic numbers of other formats that can have backing files and that this parser does not read. */
const OTHER_BACKING_FORMATS: [string, Buffer][] = [
  ['qed', Buffer.from('QED\0', 'latin1')],
  ['vmdk', Buffer.from('KDMV', 'latin1')],
  ['vmdk', Buffer.from('# Disk DescriptorFile', 'latin1')],
  ['vhdx', Buffer.from('vhdxfile', 'latin1')],
];

/** A parsed (or probed) image, remembered by inode and change time so a re-check re-reads only what changed. */
type Parsed = { qcow2: false; magic: string | null } | { qcow2: true; backingFile: string | null; backingFormat: string | null; dataFile: string | null };

/** One chain being followed. */
interface Chain {
  label: string;
  index: EntryIndex;
  s: Survey;
  o: FollowOptions;
  seen: Set<string>;
  /** Images passed through (the head's label first), for `(via a.qcow2, b.qcow2)`. */
  via: string[];
  /** The backing format the previous image declared. */
  format: string | null;
  /** Set when the head's backing file was taken from the cache by file name: the path the head names. */
  byName: string | null;
}

/**
 * Follows backing chains image by image, reading qcow2 headers (never running qemu-img). `nova`: the chain of an
 * instance disk also does what Nova's cleaner does: its backing file is looked up in the cache by file name
 * (`instances_path/_base/` + basename), and the image families it meets are noted.
 */
export class ChainFollower {
  private readonly memo = new Map<string, Parsed>();

  constructor(
    private readonly root: string,
    private readonly nova: boolean,
  ) {}

  /**
   * Follow one chain from `head`. Every image met that is (or is inside) a cache entry gets a reason.
   * Returns false when a non-strict head was not read because of the atime rule.
   */
  follow(head: string, label: string, index: EntryIndex, s: Survey, o: FollowOptions): boolean {
    const c: Chain = { label, index, s, o, seen: new Set(), via: [], format: null, byName: null };
    let cur = head;
    for (let depth = 0; ; depth++) {
      if (depth > MAX_CHAIN_DEPTH) return fail(c, `backing chain deeper than ${MAX_CHAIN_DEPTH} images`);
      const next = this.step(c, cur, depth);
      if (typeof next !== 'string') return next;
      cur = next;
    }
  }

  /** One image of the chain: mark it, read it; the next image's path, or the end (true; false: not read, atime). */
  private step(c: Chain, cur: string, depth: number): string | boolean {
    const where = depth === 0 ? c.label : cur;
    const found = locate(c, cur, depth);
    if (typeof found === 'boolean') return found;
    this.mark(c, found.real, found.st, depth);
    if (c.format !== null && RAW_FORMATS.has(c.format)) return true;

    let parsed: Parsed;
    try {
      parsed = this.parse(cur, found.st, { requireNoAtime: c.o.cacheEntry !== undefined && depth === 0 });
    } catch (err) {
      if (err instanceof NoAtimeRefused) return false;
      const code = (err as NodeJS.ErrnoException).code;
      if (depth === 0 && code === 'ENOENT') return true;
      const why = err instanceof Qcow2Error ? `corrupt qcow2 header: ${err.message}` : (code ?? (err as Error).message);
      return fail(c, depth === 0 ? why : `${where}: ${why}`);
    }
    if (!parsed.qcow2) {
      if (c.format === 'qcow2') return fail(c, `${where} is named as qcow2 but is not a qcow2 image`);
      if (c.format !== null && !RAW_FORMATS.has(c.format)) return fail(c, `${where}: backing format '${c.format}' is not followed by cachesweep`);
      if (parsed.magic !== null) return fail(c, `${where} is a ${parsed.magic} image, whose backing files cachesweep does not read`);
      return true; // raw data: the end of the chain
    }
    if (parsed.dataFile !== null) {
      for (const p of localPaths(cur, parsed.dataFile, (why) => fail(c, why))) this.markPath(c, p, `data file of ${c.label}`);
    }
    if (parsed.backingFile === null) return true;
    let next: string[];
    try {
      const ref = resolveBackingRef(cur, parsed.backingFile);
      if (ref.kind === 'remote') return true; // served from elsewhere (nbd, rbd, http): not a file here
      next = ref.paths;
    } catch (err) {
      return fail(c, `${where}: ${(err as Error).message}`);
    }
    if (next.length !== 1) {
      // json: names with several files: mark them all, follow none further (conservative and rare).
      for (const p of next) this.markPath(c, p, `backing file of ${c.label}`);
      return true;
    }
    c.via.push(depth === 0 ? c.label : path.basename(cur));
    c.format = parsed.backingFormat;
    return depth === 0 && this.nova && c.o.strict ? this.byName(c, next[0]!) : next[0]!;
  }

  /** The cache entry at this image (if any) gets a reason; in Nova's cache, its image family is in use. */
  private mark(c: Chain, real: string, st: fs.BigIntStats, depth: number): void {
    const entry = c.index.entryAt(real) ?? c.index.entryOfInode(Number(st.dev), Number(st.ino));
    if (entry && entry !== c.o.cacheEntry) {
      const via = c.via.length > 1 ? ` (via ${c.via.slice(1).join(', ')})` : '';
      const byName = depth === 1 && c.byName !== null ? ` (by file name: the disk names ${c.byName})` : '';
      addReason(c.s, entry.name, depth === 0 ? `used as ${c.label}` : `backing file of ${c.label}${via}${byName}`);
    }
    if (this.nova && c.o.strict && path.dirname(real) === this.root) useFamily(c.s, path.basename(real));
  }

  private markPath(c: Chain, p: string, reason: string): void {
    const d = mapPath(p, c.index);
    if (d && d !== c.o.cacheEntry) addReason(c.s, d.name, reason);
  }

  /**
   * Nova looks an instance disk's backing file up as `instances_path/_base/<basename>` (_list_backing_images),
   * whatever directory the disk names: a disk written under an old instances_path or another mount point keeps the
   * cache's image of the same name. Warn once per such disk, naming both paths. When the named path does not
   * exist, the chain goes on from the cache's image (the one QEMU will open once the path is fixed, as Nova does);
   * when it does, the chain goes on from it, and the cache's image is kept by name besides.
   */
  private byName(c: Chain, named: string): string {
    const name = path.basename(named);
    useFamily(c.s, name); // the instance's image: Nova keeps its whole family through the instance's image_ref
    const local = path.join(this.root, name);
    let localSt: fs.Stats;
    try {
      localSt = fs.statSync(local);
    } catch {
      return named; // no image of that name here: the chain as written
    }
    let namedSt: fs.Stats | null = null;
    try {
      namedSt = fs.statSync(named);
    } catch {
      // gone: an old mount point, a moved instances_path
    }
    if (!localSt.isFile() || (namedSt && namedSt.dev === localSt.dev && namedSt.ino === localSt.ino)) return named;
    c.s.warnings.push(`${c.label} backs onto ${named}, not ${local}: ${name} is kept by its file name, as Nova keeps it`);
    if (namedSt === null) {
      c.byName = named;
      return local;
    }
    this.markPath(c, local, `backing file of ${c.label} by file name (the disk names ${named})`);
    return named;
  }

  private parse(p: string, st: fs.BigIntStats, o: { requireNoAtime: boolean }): Parsed {
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const head = readHead(p, o);
    let parsed: Parsed;
    if (hasQcowMagic(head.bytes)) {
      const h = parseQcow2Header(head.bytes, head.size);
      parsed = { qcow2: true, backingFile: h.backingFile, backingFormat: h.backingFormat, dataFile: h.dataFile };
    } else {
      const other = OTHER_BACKING_FORMATS.find(([, m]) => head.bytes.subarray(0, m.length).equals(m));
      parsed = { qcow2: false, magic: other ? other[0] : null };
    }
    this.memo.set(key, parsed);
    return parsed;
  }
}

/** The image as it is now (real path and identity), or the end of the chain. A loop is a failure. */
function locate(c: Chain, cur: string, depth: number): { real: string; st: fs.BigIntStats } | boolean {
  let real: string;
  let st: fs.BigIntStats;
  try {
    real = fs.realpathSync.native(cur);
    st = fs.statSync(real, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (depth === 0) {
      if (code !== 'ENOENT') fail(c, `${code ?? String(err)}`);
      return true; // a disk that vanished since it was listed backs onto nothing
    }
    if (code === 'ENOENT') {
      c.s.warnings.push(`${c.label}: backing file ${cur} does not exist (the disk is already broken)`);
      return true;
    }
    return fail(c, `backing file ${cur}: ${code ?? String(err)}`);
  }
  const key = `${st.dev}:${st.ino}`;
  if (c.seen.has(key)) return fail(c, `backing chain loops back to ${real}`);
  c.seen.add(key);
  return { real, st };
}

/** Give up on this chain; returns true (the head was looked at) so callers can `return fail(...)`. */
function fail(c: Chain, why: string): true {
  if (c.o.strict) {
    c.s.unreadable.push({ label: c.label, why });
    c.s.warnings.push(`cannot follow the backing chain of ${c.label}: ${why}`);
  } else {
    c.s.warnings.push(`${c.label}: cannot follow its backing chain (${why})`);
  }
  return true;
}

function localPaths(image: string, name: string, problem: (why: string) => void): string[] {
  try {
    const ref = resolveBackingRef(image, name);
    return ref.kind === 'local' ? ref.paths : [];
  } catch (err) {
    problem(`${image}: ${(err as Error).message}`);
    return [];
  }
}

/** The cache entry a referenced path lands on (through symlinks), if any. A missing file lands nowhere. */
function mapPath(p: string, index: EntryIndex): Entry | undefined {
  try {
    const real = fs.realpathSync.native(p);
    const st = fs.statSync(real);
    return index.entryAt(real) ?? index.entryOfInode(st.dev, st.ino);
  } catch {
    return undefined;
  }
}
