// The scanner as it was before readDirStats (src/scan/scan.ts at f8aba13: readdirSync + lstatSync per file), kept
// unchanged as the oracle of __tests__/scan/native-walk.fuzz.test.ts. A deliberate change of what the scan gives
// is made here too, in the same commit, so that the fuzz test keeps checking everything else.
import fs from 'node:fs';
import path from 'node:path';
import type { DirFacts, Entry, ScanResult } from '../../../src/shared/types.js';
import type { EntryShape, Layout } from '../../../src/scan/layout.js';
import { resolveLayout } from '../../../src/scan/layouts/index.js';
import { childPath, type Measurement } from './measure.js';
import { mountPointsUnder } from '../../../src/scan/mounts.js';
import { settleLinks, type Settled } from './links.js';
import { readNames, Walker } from './walk.js';

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
 * Walk the cache root into entries. lstat/readdir only: nothing is opened, followed or changed.
 * `root` must already be a real path to a directory (the CLI validates it).
 */
export function scan(root: string, opts: ScanOptions = {}): ScanResult {
  const base = path.join(root, '.'); // normalized: paths below are base/name, as path.join would make them
  const rootSt = fs.lstatSync(root);
  const children = readNames(root);
  const layout = resolveLayout(opts.layout ?? 'auto', path.basename(root), children);
  const mounts = mountPointsUnder(base);
  const walker = new Walker(base, rootSt.dev, mounts, layout, opts.entries);
  children.forEach((c, i) => {
    walker.visit(c, 1);
    opts.onProgress?.(i + 1, children.length);
  });
  const { measured, warnings, unreadable } = walker.out;

  const links = settleLinks(measured.map((x) => x.name), measured.map((x) => x.m));
  const entries = settle(base, layout, measured, links, opts.classMaxAgeMs ?? {});
  // Thresholds count the whole cache: containers and the layout's own files too, not only what may be evicted.
  let cacheBytes = walker.out.otherBytes;
  const counted = new Set<string>();
  for (const { m } of measured) {
    cacheBytes += m.soleBytes;
    if (m.linked) for (const [key, { inode }] of m.linked) {
      if (!counted.has(key)) {
        counted.add(key);
        cacheBytes += inode.blocksBytes;
      }
    }
  }
  for (const e of entries) for (const w of e.warnings) warnings.push(`${e.name}: ${w}`);
  for (const { name, m } of measured) {
    for (const u of m.unreadable) unreadable.push({ entry: name, path: u.path === '.' ? name : path.join(name, u.path), error: u.error });
  }
  const dirFacts = new Map<string, DirFacts>();
  for (const { name, m } of measured) {
    if (!m.inodes) continue;
    dirFacts.set(name, { inodes: m.inodes, glanceCache: m.glanceCache === true, ...(m.instance ? { instance: m.instance } : {}) });
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

/** Turn measurements into entries: classify names and decide which hard-linked inodes each entry would free. */
function settle(
  root: string,
  layout: Layout,
  measured: { name: string; m: Measurement }[],
  links: Settled,
  classMaxAgeMs: Readonly<Record<string, number>>,
): Entry[] {
  return measured.map(({ name, m }, i) => {
    const bytes = links.bytes[i]!;
    let allocatedBytes = m.soleBytes;
    if (m.linked) for (const { inode } of m.linked.values()) allocatedBytes += inode.blocksBytes;
    const c = layout.classify(name, m.kind);
    let unknownWhy = c.unknownWhy;
    if (m.mountPoint !== undefined) {
      unknownWhy = m.mountPoint === '.' ? 'is a mount point' : `contains a mount point (${m.mountPoint})`;
    } else if (m.warnings.length > 0) {
      unknownWhy = `not fully readable (${m.warnings[0]})`;
    }
    const entry: Entry = {
      name,
      path: childPath(root, name),
      kind: m.kind,
      class: c.class,
      partial: c.partial,
      unknown: unknownWhy !== undefined,
      bytes,
      allocatedBytes,
      apparentBytes: m.apparentBytes,
      mtimeMs: m.mtimeMs,
      atimeMs: m.atimeMs,
      fingerprint: m.fingerprint,
      warnings: m.warnings,
    };
    if (unknownWhy !== undefined) entry.unknownWhy = unknownWhy;
    if (links.group[i]! >= 0) entry.link = { group: links.group[i]!, privateBytes: links.privateBytes[i]! };
    const maxAge = Object.hasOwn(classMaxAgeMs, c.class) ? classMaxAgeMs[c.class] : c.defaultMaxAgeMs;
    if (maxAge !== undefined) entry.defaultMaxAgeMs = maxAge;
    if (c.expired !== undefined) entry.expiredWhy = c.expired;
    return entry;
  });
}
