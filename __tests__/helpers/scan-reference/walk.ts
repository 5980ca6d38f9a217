// The scanner as it was before readDirStats (src/scan/walk.ts at f8aba13: readdirSync + lstatSync per file), kept
// unchanged as the oracle of __tests__/scan/native-walk.fuzz.test.ts. A deliberate change of what the scan gives
// is made here too, in the same commit, so that the fuzz test keeps checking everything else.
import fs from 'node:fs';
import type { EntryKind, Unreadable } from '../../../src/shared/types.js';
import type { EntryShape, Layout, NodeRole } from '../../../src/scan/layout.js';
import { childPath, kindOf, measure, type Measurement } from './measure.js';
import { instanceWhy, looksLikeGlanceCache, markOf } from '../../../src/scan/recognise.js';
import { decodeName, fsPath } from '../../../src/shared/names.js';

/** What the walk found: entries measured, and what the cache holds besides them. */
export interface Walked {
  measured: { name: string; m: Measurement }[];
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
 * --depth) or the layout's own. lstat/readdir only. A container is entered only on the root's device and when no
 * mount is on it; one that looks like a Nova instance or a Glance cache is never entered but measured as one
 * entry, so that the in-use detectors and the wrong-root check see it whole (`--entries files` on Nova's instances
 * directory made each instance's `disk` an entry of its own, with nothing saying it belonged to an instance).
 */
export class Walker {
  readonly out: Walked = { measured: [], otherBytes: 0, prunable: [], topContainers: [], warnings: [], unreadable: [] };

  constructor(
    private readonly base: string,
    private readonly rootDev: number,
    private readonly mounts: ReadonlySet<string>,
    private readonly layout: Layout,
    private readonly shape: EntryShape | undefined,
  ) {}

  visit(rel: string, depth: number): void {
    const abs = childPath(this.base, rel);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(fsPath(abs));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (code !== 'ENOENT') this.problem(rel, `cannot stat ${rel}: ${code}`, code);
      return;
    }
    const kind = kindOf(st);
    const { role, named } = this.roleOf(rel, kind, depth);
    if (role === 'ignore') return;
    if (role === 'keep') {
      this.out.otherBytes += kind === 'dir' ? keptDirBytes(measure(abs, this.rootDev, st, this.mounts)) : st.blocks * 512;
      return;
    }
    if (role === 'descend' && kind === 'dir' && st.dev === this.rootDev && !this.mounts.has(abs)) {
      const inner = this.list(abs, rel);
      if (inner === null) return;
      if (named || !looksForeign(inner)) {
        this.out.otherBytes += st.blocks * 512;
        if (!named) this.out.prunable.push(rel);
        if (depth === 1) this.out.topContainers.push(rel);
        for (const c of inner.map((d) => d.name).sort()) this.visit(`${rel}/${c}`, depth + 1);
        return;
      }
    }
    this.out.measured.push({ name: rel, m: measure(abs, this.rootDev, st, this.mounts) });
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

  private list(abs: string, rel: string): Child[] | null {
    try {
      return readChildren(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (code !== 'ENOENT') this.problem(rel, `cannot read ${rel}/: ${code}`, code);
      return null;
    }
  }

  private problem(rel: string, line: string, code: string): void {
    this.out.warnings.push(line);
    this.out.unreadable.push({ entry: rel, path: rel, error: code });
  }
}

/** A directory's child, its name exactly as the kernel has it (names.ts). */
interface Child {
  name: string;
  dir: boolean;
}

/**
 * The names in a directory, sorted, each exactly as the kernel has it (names.ts): Node's string listing turns
 * bytes that are not UTF-8 into U+FFFD, and such a name then could be neither measured nor deleted.
 */
export const readNames = (dir: string): string[] =>
  (fs.readdirSync(fsPath(dir), { encoding: 'buffer' }) as Buffer[]).map(decodeName).sort();

/** readNames with each child's type, read as bytes for the same reason. */
function readChildren(dir: string): Child[] {
  const ents = fs.readdirSync(fsPath(dir), { encoding: 'buffer', withFileTypes: true }) as unknown as fs.Dirent<Buffer>[];
  return ents.map((d) => ({ name: decodeName(d.name as Buffer), dir: d.isDirectory() }));
}

/** A directory's children say it is a Nova instance or a Glance image cache: never taken apart into entries. */
function looksForeign(children: readonly Child[]): boolean {
  let marks = 0;
  for (const d of children) marks |= markOf(d.name, d.dir);
  return instanceWhy(marks) !== null || looksLikeGlanceCache(marks);
}

function keptDirBytes(m: Measurement): number {
  let bytes = m.soleBytes;
  if (m.linked) for (const { inode } of m.linked.values()) bytes += inode.blocksBytes;
  return bytes;
}
