import fs from 'node:fs';
import path from 'node:path';
import type { DirFacts, Entry, ScanResult } from '../shared/types.js';
import type { EntryShape, Layout } from './layout.js';
import { resolveLayout } from './layouts/index.js';
import type { Measurement } from './measure.js';
import { mountPointsUnder } from './mounts.js';
import { settleLinks, type Linked, type Settled } from './links.js';
import { readNames, Walker, type Walked } from './walk.js';
import { COL, FIELDS, ScannedEntry, type RareFields } from './entry.js';
import { listDir, sortedOrder } from './listing.js';

export { readNames };

export interface ScanOptions {
  /** Layout name or `auto` (default). */
  layout?: string;
  /** Max-age per class (ms), replacing the layout's defaults (e.g. ages from nova.conf). */
  classMaxAgeMs?: Readonly<Record<string, number>>;
  /** Where entries are, when not the layout's own rule: every file (--entries files) or N levels down (--depth N). */
  entries?: EntryShape;
  /** Told after each top-level name is measured (for a progress display). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Walk the cache root into entries. lstat/readdir only (one native call per directory): nothing is opened,
 * followed or changed.
 * `root` must already be a real path to a directory (the CLI validates it).
 */
export function scan(root: string, opts: ScanOptions = {}): ScanResult {
  const base = path.join(root, '.'); // normalized: paths below are base/name, as path.join would make them
  const rootSt = fs.lstatSync(root);
  const listing = listDir(root, true);
  const order = sortedOrder(listing.names);
  const children = order.map((i) => listing.names[i]!);
  const layout = resolveLayout(opts.layout ?? 'auto', path.basename(root), children);
  const mounts = mountPointsUnder(base);
  const walker = new Walker(base, rootSt.dev, mounts, layout, opts.entries, listing.names.length);
  walker.visitAll('', 1, listing, order, (done) => opts.onProgress?.(done, order.length));
  const { names, table, deep, warnings, unreadable } = walker.out;

  const sole = new Float64Array(names.length);
  for (let i = 0; i < sole.length; i++) sole[i] = table.cols[i * FIELDS + COL.allocatedBytes]!;
  const links = settleLinks(names, sole, linkedOf(deep));
  const entries = settle(layout, walker.out, links, opts.classMaxAgeMs ?? {});
  // Thresholds count the whole cache: containers and the layout's own files too, not only what may be evicted.
  let cacheBytes = walker.out.otherBytes;
  const counted = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    cacheBytes += sole[i]!;
    const linked = deep.get(i)?.linked;
    if (linked) for (const [key, { inode }] of linked) {
      if (!counted.has(key)) {
        counted.add(key);
        cacheBytes += inode.blocksBytes;
      }
    }
  }
  for (const [i, m] of deep) for (const w of m.warnings) warnings.push(`${names[i]}: ${w}`);
  for (const [i, m] of deep) {
    const name = names[i]!;
    for (const u of m.unreadable) unreadable.push({ entry: name, path: u.path === '.' ? name : path.join(name, u.path), error: u.error });
  }
  const dirFacts = new Map<string, DirFacts>();
  for (const [i, m] of deep) {
    if (!m.inodes) continue;
    dirFacts.set(names[i]!, { inodes: m.inodes, glanceCache: m.glanceCache === true, ...(m.instance ? { instance: m.instance } : {}) });
  }
  const { prunable, topContainers } = walker.out;
  return {
    root,
    layout: layout.name,
    entries,
    cacheBytes,
    linkGroups: links.groups,
    warnings,
    unreadable,
    dirFacts,
    ...(prunable.length > 0 ? { prunable } : {}),
    ...(topContainers.length > 0 ? { topContainers } : {}),
  };
}

function* linkedOf(deep: ReadonlyMap<number, Measurement>): Generator<[number, Linked]> {
  for (const [i, m] of deep) if (m.linked) yield [i, m.linked];
}

/**
 * Turn the walk's rows into entries: classify names and decide which hard-linked inodes each entry would free.
 * The table's allocatedBytes becomes the entry's (single-link inodes plus linked ones), its bytes what it frees.
 */
function settle(layout: Layout, walked: Walked, links: Settled, classMaxAgeMs: Readonly<Record<string, number>>): Entry[] {
  const { names, table, deep } = walked;
  const c = table.cols;
  const shared = new SharedRare();
  const entries = new Array<Entry>(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const kind = table.kind(i);
    const m = deep.get(i);
    const r = i * FIELDS;
    c[r + COL.bytes] = links.bytes[i]!;
    if (m?.linked) {
      let allocatedBytes = c[r + COL.allocatedBytes]!;
      for (const { inode } of m.linked.values()) allocatedBytes += inode.blocksBytes;
      c[r + COL.allocatedBytes] = allocatedBytes;
    }
    const cl = layout.classify(name, kind);
    let unknownWhy = cl.unknownWhy;
    if (m?.mountPoint !== undefined) {
      unknownWhy = m.mountPoint === '.' ? 'is a mount point' : `contains a mount point (${m.mountPoint})`;
    } else if (m !== undefined && m.warnings.length > 0) {
      unknownWhy = `not fully readable (${m.warnings[0]})`;
    }
    const maxAge = Object.hasOwn(classMaxAgeMs, cl.class) ? classMaxAgeMs[cl.class] : cl.defaultMaxAgeMs;
    const group = links.group[i]!;
    let rare: RareFields | undefined;
    if (unknownWhy !== undefined || group >= 0 || maxAge !== undefined || cl.expired !== undefined || cl.writerCheck !== undefined || m?.warnings.length) {
      rare = {};
      if (unknownWhy !== undefined) rare.unknownWhy = unknownWhy;
      if (group >= 0) rare.link = { group, privateBytes: links.privateBytes[i]! };
      if (maxAge !== undefined) rare.defaultMaxAgeMs = maxAge;
      if (cl.expired !== undefined) rare.expiredWhy = cl.expired;
      if (cl.writerCheck !== undefined) rare.writerCheck = cl.writerCheck;
      if (m !== undefined && m.warnings.length > 0) rare.warnings = m.warnings;
      rare = shared.of(rare);
    }
    table.classify(i, cl.class, cl.partial);
    entries[i] = new ScannedEntry(name, table, i, rare);
  }
  table.trim();
  return entries;
}

/**
 * One frozen object for every entry with the same rare fields (a layout's class gives all its entries the same
 * max age and writer check), and none for an entry without any. An entry's own link or warnings are its own object.
 */
class SharedRare {
  private readonly byKey = new Map<string, Readonly<RareFields>>();

  of(r: RareFields): Readonly<RareFields> {
    if (r.link !== undefined || r.warnings !== undefined) return Object.freeze(r);
    const key = `${r.unknownWhy}\0${r.defaultMaxAgeMs}\0${r.expiredWhy}`;
    const had = this.byKey.get(key);
    if (had !== undefined && sameRare(had, r)) return had;
    const made = Object.freeze(r);
    if (had === undefined) this.byKey.set(key, made);
    return made;
  }
}

// The key may say equal where the fields are not (an absent field and the text `undefined`, 0 and -0): compared too.
const sameRare = (a: RareFields, b: RareFields): boolean =>
  a.unknownWhy === b.unknownWhy && Object.is(a.defaultMaxAgeMs, b.defaultMaxAgeMs) && a.expiredWhy === b.expiredWhy && a.writerCheck === b.writerCheck;
