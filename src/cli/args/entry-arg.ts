import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { relativeInside } from '../../sys/paths.js';
import type { Layout } from '../../scan/layout.js';
import { resolveLayout } from '../../scan/layouts/index.js';
import { kindOf } from '../../scan/measure.js';
import type { Identity } from '../../usage/store/write.js';
import { forFlag } from '../../config/flag-errors.js';
import { readNames } from '../../scan/scan.js';
import { decodeName, fsPath } from '../../shared/names.js';
import { unescapeName } from '../../shared/escape.js';

/** The layout of a cache root, as a scan would choose it (`auto` detects it from the root's children). */
export function layoutOf(root: string, name: string): Layout {
  return forFlag('--layout', () => resolveLayout(name, path.basename(root), readNames(root)));
}

/**
 * An entry named on the command line, as a name relative to the root ('/'-separated). Absolute paths
 * must lie inside the root; relative ones are taken relative to the root (not the working directory).
 * The argument may be in the escape form every output shows names in (`\xff` for a byte that is not UTF-8,
 * `\x0a` for a line feed, `\\` for a backslash: shared/escape.ts), so a name copied from a report works.
 */
export function entryName(root: string, arg: string): string {
  const wanted = unescapeName(arg); // quoted back as the name it means: escaped once, where it is printed
  const abs = realParent(path.resolve(root, wanted));
  const rel = relativeInside(abs, root);
  if (rel === null || rel === '') throw new UsageError(`entry '${wanted}' is not inside the cache ${root}`);
  return rel;
}

/**
 * Check that `arg` names something of the cache under its layout, and return its identity (name, device, inode,
 * kind) from lstat: nothing is opened or followed. Any depth is taken (a run may use --entries files or --depth N,
 * and a pin on a directory covers every entry below it); a name the layout leaves alone or keeps, or anything
 * below one, is refused.
 */
export function resolveEntry(root: string, layout: Layout, given: string): Identity {
  const found = findEntry(root, layout, given);
  if (!found.identity) throw new UsageError(`entry '${unescapeName(given)}': ${found.name} does not exist in the cache ${root}`);
  return found.identity;
}

/**
 * An entry that may not exist yet (`pin` of an image about to be pre-cached): its name when the layout would make it
 * an entry, with its identity when it exists. A name that could never be an entry (outside the cache, inside a
 * directory entry, a directory the layout leaves alone) is a UsageError, as for resolveEntry.
 */
export function findEntry(root: string, layout: Layout, given: string): { name: string; identity: Identity | null } {
  const name = entryName(root, given);
  const arg = unescapeName(given); // quoted back below as the name it means, escaped once where it is printed
  const parts = name.split('/');
  let st: fs.Stats | null = null;
  for (let depth = 1; depth <= parts.length; depth++) {
    const rel = parts.slice(0, depth).join('/');
    st = lstatOrNull(path.join(root, rel));
    if (!st) {
      // The last name not there yet: an entry to be (pin ahead of time); a directory above it must exist.
      if (depth === parts.length) return { name, identity: null };
      throw new UsageError(`entry '${arg}': ${rel} does not exist in the cache ${root}`);
    }
    const kind = kindOf(st);
    const top = depth === 1 ? (layout.topLevel?.(rel, kind) ?? 'entry') : 'entry';
    const role = top === 'ignore' ? 'ignore' : (layout.fixed?.(rel, kind, depth) ?? null);
    if (role === 'ignore' || role === 'keep') {
      throw new UsageError(`entry '${arg}': ${rel} is not a cache entry (the ${layout.name} layout ${role === 'keep' ? 'keeps' : 'leaves'} it alone)`);
    }
    if (depth < parts.length && kind !== 'dir') throw new UsageError(`entry '${arg}': ${rel} is not a directory`);
  }
  return { name, identity: { name, dev: st!.dev, ino: st!.ino, kind: kindOf(st!), mtimeMs: st!.mtimeMs } };
}

/**
 * `p` with its directory part resolved to a real path (the root is a real path; a hook may name the entry
 * through a symlinked path to the cache). The last component is kept as is: an entry is never followed. When the
 * directory does not exist, its deepest existing ancestor is resolved: `link-out/new/x`, with link-out a symlink
 * out of the cache, was taken lexically for a name inside it.
 */
function realParent(p: string): string {
  let dir = path.dirname(p);
  let rest = path.basename(p);
  for (;;) {
    try {
      return path.join(decodeName(fs.realpathSync(fsPath(dir), { encoding: 'buffer' })), rest);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return p;
      rest = path.join(path.basename(dir), rest);
      dir = up;
    }
  }
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(fsPath(p));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UsageError(`cannot stat ${p}: ${code}`); // escaped where it is printed
  }
}
