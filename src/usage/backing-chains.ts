import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { resolveBackingRef } from './backing-ref.js';
import { capReasons, EntryIndex } from './entry-index.js';
import { hasQcowMagic, parseQcow2Header, Qcow2Error } from './qcow2.js';
import { NoAtimeRefused, readHead } from './read-head.js';
import type { UsageProvider, UsageSignal } from './signal.js';

/**
 * Files in an instance directory that are never disk images: not read, not worried about. Every other regular
 * file is read: Nova's disk, disk.local, disk.swap, disk.eph0, disk.config, disk.rescue and any other image.
 */
const NOT_AN_IMAGE = /(^console\.log$|^libvirt\.xml$|^disk\.info$|^compute_nodes$|\.(log|xml|info|json|txt|pid|sock|lock|sh|conf|ini)$)/i;
/** Deeper than this a chain is taken for hostile (QEMU has no such chains in practice). */
export const MAX_CHAIN_DEPTH = 64;
/** Instance trees are shallow (instances/<uuid>/disk); do not wander further than this. */
const MAX_WALK_DEPTH = 6;
/** Formats whose files are plain data: they back onto nothing. */
const RAW_FORMATS = new Set(['raw', 'file', 'host_device', 'host_cdrom']);
/** Magic numbers of other formats that can have backing files and that this parser does not read. */
const OTHER_BACKING_FORMATS: [string, Buffer][] = [
  ['qed', Buffer.from('QED\0', 'latin1')],
  ['vmdk', Buffer.from('KDMV', 'latin1')],
  ['vmdk', Buffer.from('# Disk DescriptorFile', 'latin1')],
  ['vhdx', Buffer.from('vhdxfile', 'latin1')],
];

export interface BackingChainOptions {
  /** Real path of the cache root: never walked as an instance directory. */
  root: string;
  /** Directories holding instance disks (absolute). */
  instancesDirs: readonly string[];
  /** Do not treat every entry as in use when a disk cannot be read (warnings still name it). */
  ignoreUnreadable: boolean;
  warn: (line: string) => void;
}

/** A file that could not be followed: nothing it might back onto can be called unused. */
interface Unreadable {
  label: string;
  why: string;
}

/** What one pass over every instance disk found. */
interface Survey {
  reasons: Map<string, string[]>;
  unreadable: Unreadable[];
  warnings: string[];
}

/** A parsed (or probed) image, remembered by inode and change time so a re-check re-reads only what changed. */
type Parsed = { qcow2: false; magic: string | null } | { qcow2: true; backingFile: string | null; backingFormat: string | null; dataFile: string | null };

/**
 * In use because an instance disk (or an image in the cache) backs onto it: every qcow2 disk under the instance
 * directories is parsed and its backing chain followed to the end, across formats and directories.
 */
export class BackingChainDetector implements UsageProvider {
  readonly name = 'backing-chains';
  private readonly memo = new Map<string, Parsed>();
  private rootKey = '';

  constructor(private readonly opts: BackingChainOptions) {
    try {
      const st = fs.statSync(opts.root);
      this.rootKey = `${st.dev}:${st.ino}`;
    } catch {
      // the root was validated by the caller
    }
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const s = this.survey(entries, true);
    for (const w of s.warnings) this.opts.warn(w);
    const signals: UsageSignal[] = [];
    for (const [name, reasons] of s.reasons) {
      signals.push({ name, inUse: capReasons(reasons, 3, (n) => `backing file of ${n} more image${n === 1 ? '' : 's'}`) });
    }
    const all = this.allInUse(s.unreadable);
    if (all) signals.push({ name: null, inUse: [all] });
    return signals;
  }

  recheck(entry: Entry): string[] {
    const s = this.survey([entry], false);
    const reasons = [...(s.reasons.get(entry.name) ?? [])];
    const all = this.allInUse(s.unreadable);
    if (all) reasons.push(all);
    return capReasons(reasons, 3, (n) => `backing file of ${n} more image${n === 1 ? '' : 's'}`);
  }

  private allInUse(unreadable: Unreadable[]): string | null {
    if (unreadable.length === 0 || this.opts.ignoreUnreadable) return null;
    const first = unreadable[0]!;
    const more = unreadable.length > 1 ? ` and ${unreadable.length - 1} more` : '';
    return `an instance disk could not be read (${first.label}${more}): every entry is kept this run (--ignore-unreadable-disks to override)`;
  }

  /** Walk every instance directory and follow every disk's chain; `withCacheHeads`: also chains starting inside the cache. */
  private survey(entries: readonly Entry[], withCacheHeads: boolean): Survey {
    const index = new EntryIndex(this.opts.root, entries);
    const s: Survey = { reasons: new Map(), unreadable: [], warnings: [] };
    let disks = 0;
    for (const dir of this.opts.instancesDirs) {
      const labelBase = path.dirname(dir);
      for (const disk of this.listDisks(dir, s)) {
        disks++;
        this.follow(disk.path, path.relative(labelBase, disk.path), index, s, { strict: true });
      }
    }
    if (disks === 0 && this.opts.instancesDirs.length > 0 && s.unreadable.length === 0) {
      // Legitimate on an idle host, but also what a container that mounts only _base sees: say it, never silently.
      s.warnings.push(
        `no instance disks found under ${this.opts.instancesDirs.join(', ')}: no base image is protected as a backing file this run (if instances run here, make their directory visible or give --instances-dir)`,
      );
    }
    if (withCacheHeads) {
      let refused = 0;
      for (const e of entries) {
        if (e.kind !== 'file' || e.partial || e.unknown || e.apparentBytes < 512) continue;
        refused += this.follow(e.path, `${e.name} (in the cache)`, index, s, { strict: false, cacheEntry: e }) ? 0 : 1;
      }
      if (refused > 0) {
        s.warnings.push(`${refused} cache file(s) were not checked for backing files: reading them would update their access time (run as their owner or as root)`);
      }
    }
    return s;
  }

  /** Regular files under an instance directory, not entering the cache root or the top-level locks/ directory. */
  private listDisks(dir: string, s: Survey): { path: string }[] {
    const out: { path: string }[] = [];
    const labelBase = path.dirname(dir);
    const walk = (d: string, depth: number): void => {
      let names: string[];
      try {
        names = fs.readdirSync(d).sort();
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && depth > 0) return;
        // A directory that cannot be listed may hold disks: it is an unreadable disk for safety's sake.
        s.unreadable.push({ label: `${path.relative(labelBase, d) || d}/`, why: code ?? String(err) });
        s.warnings.push(`cannot list instance directory ${d}: ${code ?? String(err)}; its disks are not known`);
        return;
      }
      for (const name of names) {
        if (depth === 0 && name === 'locks') continue;
        const p = path.join(d, name);
        let st: fs.Stats;
        try {
          st = fs.lstatSync(p);
          if (st.isSymbolicLink()) {
            st = fs.statSync(p);
            if (st.isDirectory()) continue; // never wander through linked directories
          }
        } catch {
          continue; // vanished, or a dangling link: nothing to read
        }
        if (st.isDirectory()) {
          if (`${st.dev}:${st.ino}` === this.rootKey || p === this.opts.root) continue;
          if (depth < MAX_WALK_DEPTH) walk(p, depth + 1);
        } else if (st.isFile() && !NOT_AN_IMAGE.test(name)) {
          out.push({ path: p });
        }
      }
    };
    walk(dir, 0);
    return out;
  }

  /**
   * Follow one chain from `head`. Every image met that is (or is inside) a cache entry gets a reason.
   * strict (instance disks): anything that cannot be read or followed is unreadable. Not strict (cache entries
   * as heads): problems are warnings, and the head is read only without touching its atime.
   * Returns false when a non-strict head was not read because of the atime rule.
   */
  private follow(head: string, label: string, index: EntryIndex, s: Survey, o: { strict: boolean; cacheEntry?: Entry }): boolean {
    const seen = new Set<string>();
    let cur = head;
    let format: string | null = null;
    const via: string[] = [];
    /** Give up on this chain; returns true (the head was looked at) so callers can `return fail(...)`. */
    const fail = (why: string): true => {
      if (o.strict) {
        s.unreadable.push({ label, why });
        s.warnings.push(`cannot follow the backing chain of ${label}: ${why}`);
      } else {
        s.warnings.push(`${label}: cannot follow its backing chain (${why})`);
      }
      return true;
    };
    for (let depth = 0; ; depth++) {
      if (depth > MAX_CHAIN_DEPTH) return fail(`backing chain deeper than ${MAX_CHAIN_DEPTH} images`);
      const where = depth === 0 ? label : cur;
      let real: string;
      let st: fs.BigIntStats;
      try {
        real = fs.realpathSync.native(cur);
        st = fs.statSync(real, { bigint: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (depth === 0) {
          if (code !== 'ENOENT') fail(`${code ?? String(err)}`);
          return true; // a disk that vanished since it was listed backs onto nothing
        }
        if (code === 'ENOENT') {
          s.warnings.push(`${label}: backing file ${cur} does not exist (the disk is already broken)`);
          return true;
        }
        return fail(`backing file ${cur}: ${code ?? String(err)}`);
      }
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return fail(`backing chain loops back to ${real}`);
      seen.add(key);

      const entry = index.entryAt(real) ?? index.entryOfInode(Number(st.dev), Number(st.ino));
      if (entry && entry !== o.cacheEntry) {
        const reason =
          depth === 0 ? `used as ${label}` : `backing file of ${label}${via.length > 1 ? ` (via ${via.slice(1).join(', ')})` : ''}`;
        addReason(s.reasons, entry.name, reason);
      }
      if (format !== null && RAW_FORMATS.has(format)) return true;

      let parsed: Parsed;
      try {
        parsed = this.parse(cur, st, { requireNoAtime: o.cacheEntry !== undefined && depth === 0 });
      } catch (err) {
        if (err instanceof NoAtimeRefused) return false;
        const code = (err as NodeJS.ErrnoException).code;
        if (depth === 0 && code === 'ENOENT') return true;
        const why = err instanceof Qcow2Error ? `corrupt qcow2 header: ${err.message}` : (code ?? (err as Error).message);
        return fail(depth === 0 ? why : `${where}: ${why}`);
      }
      if (!parsed.qcow2) {
        if (format === 'qcow2') return fail(`${where} is named as qcow2 but is not a qcow2 image`);
        if (format !== null && !RAW_FORMATS.has(format)) return fail(`${where}: backing format '${format}' is not followed by cachesweep`);
        if (parsed.magic !== null) return fail(`${where} is a ${parsed.magic} image, whose backing files cachesweep does not read`);
        return true; // raw data: the end of the chain
      }
      if (parsed.dataFile !== null) {
        for (const p of localPaths(cur, parsed.dataFile, fail)) {
          const d = mapPath(p, index);
          if (d && d !== o.cacheEntry) addReason(s.reasons, d.name, `data file of ${label}`);
        }
      }
      if (parsed.backingFile === null) return true;
      let next: string[];
      try {
        const ref = resolveBackingRef(cur, parsed.backingFile);
        if (ref.kind === 'remote') return true; // served from elsewhere (nbd, rbd, http): not a file here
        next = ref.paths;
      } catch (err) {
        return fail(`${where}: ${(err as Error).message}`);
      }
      if (next.length !== 1) {
        // json: names with several files: mark them all, follow none further (conservative and rare).
        for (const p of next) {
          const d = mapPath(p, index);
          if (d && d !== o.cacheEntry) addReason(s.reasons, d.name, `backing file of ${label}`);
        }
        return true;
      }
      via.push(depth === 0 ? label : path.basename(cur));
      cur = next[0]!;
      format = parsed.backingFormat;
    }
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

function addReason(map: Map<string, string[]>, name: string, reason: string): void {
  const list = map.get(name);
  if (!list) map.set(name, [reason]);
  else if (!list.includes(reason)) list.push(reason);
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
