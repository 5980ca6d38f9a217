import fs from 'node:fs';
import type { EntryKind, Unreadable } from '../shared/types.js';
import type { EntryShape, Layout, NodeRole } from './layout.js';
import { childPath, measureRow, type Measurement } from './measure.js';
import { COL, EntryTable, FIELDS } from './entry.js';
import { direntIsDir, errnoName, isListing, kindOfMode, sortedOrder, STAT, type Listing } from './listing.js';
import { listOne, Lookahead } from './lookahead.js';
import { instanceWhy, looksLikeGlanceCache, markOf } from './recognise.js';
import { decodeName, fsPath } from '../shared/names.js';

/**
 * What the walk found: entries measured, and what the cache holds besides them. Entry i is names[i] and
 * row i of the table (its kind set, its class not yet), whose allocatedBytes is, until the scan settles hard links, that of its single-link inodes.
 */
export interface Walked {
  names: string[];
  table: EntryTable;
  /**
   * The whole Measurement, by entry index (in increasing order), of the entries its row cannot tell all of:
   * directories, mount points, files with other hard links. A plain file entry has its row only.
   */
  deep: Map<number, Measurement>;
  /** Allocated bytes that are the cache's but in no entry: containers' own blocks, what the layout keeps. */
  otherBytes: number;
  /** Containers the entry shape made (not the layout's own): removed when a clean leaves them empty. */
  prunable: string[];
  /** Children of the root entered as containers: the wrong-root check looks at them as at directory entries. */
  topContainers: string[];
  warnings: string[];
  unreadable: Unreadable[];
}

/** The role the entry shape gives a node at this depth (1: a child of the root). */
export function shapeRole(shape: EntryShape, kind: EntryKind, depth: number): 'entry' | 'descend' {
  if (kind !== 'dir') return 'entry';
  return shape.kind === 'files' || depth < shape.depth ? 'descend' : 'entry';
}

/**
 * Walks the root into entries at any depth: the layout's fixed roles first, then the forced shape (--entries,
 * --depth) or the layout's own. lstat/readdir only (listing.ts: a directory's names and their lstats at once).
 * A container is entered only on the root's device and when no mount is on it; one that looks like a Nova instance
 * or a Glance cache is never entered but measured as one entry, so that the in-use detectors and the wrong-root
 * check see it whole (`--entries files` on Nova's instances directory made each instance's `disk` an entry of its
 * own, with nothing saying it belonged to an instance).
 */
export class Walker {
  readonly out: Walked;
  /** The mount points below the root, as paths from it: `mounts.has(childPath(base, rel))` without a string per node. */
  private readonly mountRels: ReadonlySet<string>;
  private readonly ahead: Lookahead;

  constructor(
    private readonly base: string,
    private readonly rootDev: number,
    private readonly mounts: ReadonlySet<string>,
    private readonly layout: Layout,
    private readonly shape: EntryShape | undefined,
    expectedEntries = 1024,
  ) {
    const under = base === '/' ? '/' : `${base}/`;
    this.mountRels = new Set([...mounts].filter((p) => p.length > under.length && p.startsWith(under)).map((p) => p.slice(under.length)));
    this.out = { names: [], table: new EntryTable(base, expectedEntries), deep: new Map(), otherBytes: 0, prunable: [], topContainers: [], warnings: [], unreadable: [] };
    this.ahead = new Lookahead(base, (rel, depth, l, i) => this.enters(rel, this.roleOf(rel, 'dir', depth).role, 'dir', l.stats, i * STAT.fields));
  }

  /**
   * Visit the names of a listing in JavaScript's sort order, `parent` being its path from the root ('' for the
   * root). The directories among them that the walk will enter are listed a batch at a time, on several threads
   * (lookahead.ts), before their turn; each is still looked at, warned about and entered in its turn.
   */
  visitAll(parent: string, depth: number, l: Listing, order = sortedOrder(l.names), onEach?: (done: number) => void): void {
    const prefix = parent === '' ? '' : `${parent}/`;
    let readUpTo = 0;
    for (let k = 0; k < order.length; k++) {
      if (k === readUpTo) readUpTo = this.ahead.read(prefix, depth, l, order, k);
      this.visit(`${prefix}${l.names[order[k]!]}`, depth, l, order[k]!);
      onEach?.(k + 1);
    }
  }

  /** Visit name `i` of a listing (its lstat is there), `rel` being its path from the root. */
  visit(rel: string, depth: number, l: Listing, i: number): void {
    if (l.errs[i] !== 0) {
      const code = errnoName(l.errs[i]!);
      if (code !== 'ENOENT') this.problem(rel, `cannot stat ${rel}: ${code}`, code);
      return;
    }
    const o = i * STAT.fields;
    const kind = kindOfMode(l.stats[o + STAT.mode]!);
    const { role, named } = this.roleOf(rel, kind, depth);
    if (role === 'ignore') return;
    if (role === 'keep') {
      this.out.otherBytes += kind === 'dir' ? keptDirBytes(measureRow(childPath(this.base, rel), this.rootDev, l.stats, o, this.mounts)) : l.stats[o + STAT.blocks]! * 512;
      return;
    }
    if (this.enters(rel, role, kind, l.stats, o)) {
      const inner = this.list(rel);
      if (inner === null) return;
      if (named || !looksForeign(inner)) {
        this.out.otherBytes += l.stats[o + STAT.blocks]! * 512;
        if (!named) this.out.prunable.push(rel);
        if (depth === 1) this.out.topContainers.push(rel);
        this.visitAll(rel, depth + 1, inner);
        return;
      }
    }
    this.entry(rel, kind, l.stats, o);
  }

  /**
   * An entry: a plain file (or link, fifo...) on the root's device with one link is its own lstat, written straight
   * into the table as measureRow would sum it (times before 1970 read 0: the sums start there); anything else is
   * measured whole.
   */
  private entry(rel: string, kind: EntryKind, s: Float64Array, o: number): void {
    const { names, table, deep } = this.out;
    const i = table.add(kind);
    names.push(rel);
    const c = table.cols;
    const r = i * FIELDS;
    if (kind !== 'dir' && s[o + STAT.dev] === this.rootDev && !(s[o + STAT.nlink]! > 1) && !this.mountRels.has(rel)) {
      const mtimeMs = s[o + STAT.mtimeMs]!;
      const atimeMs = s[o + STAT.atimeMs]!;
      c[r + COL.allocatedBytes] = s[o + STAT.blocks]! * 512;
      c[r + COL.apparentBytes] = 0 + s[o + STAT.size]!;
      c[r + COL.mtimeMs] = mtimeMs > 0 ? mtimeMs : 0;
      c[r + COL.atimeMs] = atimeMs > 0 ? atimeMs : 0;
      c[r + COL.dev] = s[o + STAT.dev]!;
      c[r + COL.ino] = s[o + STAT.ino]!;
      c[r + COL.nodes] = 1;
      return;
    }
    const m = measureRow(childPath(this.base, rel), this.rootDev, s, o, this.mounts);
    deep.set(i, m);
    c[r + COL.allocatedBytes] = m.soleBytes;
    c[r + COL.apparentBytes] = m.apparentBytes;
    c[r + COL.mtimeMs] = m.mtimeMs;
    c[r + COL.atimeMs] = m.atimeMs;
    c[r + COL.dev] = m.fingerprint.dev;
    c[r + COL.ino] = m.fingerprint.ino;
    c[r + COL.nodes] = m.fingerprint.nodes;
  }

  private roleOf(rel: string, kind: EntryKind, depth: number): { role: NodeRole; named: boolean } {
    if (depth === 1 && this.layout.topLevel) {
      const top = this.layout.topLevel(rel, kind);
      if (top !== 'entry') return { role: top, named: true };
    }
    const fixed = this.layout.fixed?.(rel, kind, depth) ?? null;
    if (fixed !== null) return { role: fixed, named: true };
    const role = this.shape ? shapeRole(this.shape, kind, depth) : (this.layout.shape?.(rel, kind, depth) ?? 'entry');
    return { role, named: false };
  }

  /** Does the walk enter this node (row `o` of `s`) as a container: the only question lookahead.ts asks ahead of time. */
  private enters(rel: string, role: NodeRole, kind: EntryKind, s: Float64Array, o: number): boolean {
    return role === 'descend' && kind === 'dir' && s[o + STAT.dev] === this.rootDev && !this.mountRels.has(rel);
  }

  /** A container's listing: read ahead in a batch, or now; null (after a warning but for ENOENT) when unreadable. */
  private list(rel: string): Listing | null {
    const got = this.ahead.take(rel) ?? listOne(childPath(this.base, rel));
    if (isListing(got)) return got;
    const code = got.code ?? String(got);
    if (code !== 'ENOENT') this.problem(rel, `cannot read ${rel}/: ${code}`, code);
    return null;
  }

  private problem(rel: string, line: string, code: string): void {
    this.out.warnings.push(line);
    this.out.unreadable.push({ entry: rel, path: rel, error: code });
  }
}

/**
 * The names in a directory, sorted, each exactly as the kernel has it (names.ts): Node's string listing turns
 * bytes that are not UTF-8 into U+FFFD, and such a name then could be neither measured nor deleted.
 */
export const readNames = (dir: string): string[] =>
  (fs.readdirSync(fsPath(dir), { encoding: 'buffer' }) as Buffer[]).map(decodeName).sort();

/** A directory's children say it is a Nova instance or a Glance image cache: never taken apart into entries. */
function looksForeign(l: Listing): boolean {
  let marks = 0;
  for (let i = 0; i < l.names.length; i++) marks |= markOf(l.names[i]!, direntIsDir(l, i));
  return instanceWhy(marks) !== null || looksLikeGlanceCache(marks);
}

function keptDirBytes(m: Measurement): number {
  let bytes = m.soleBytes;
  if (m.linked) for (const { inode } of m.linked.values()) bytes += inode.blocksBytes;
  return bytes;
}
