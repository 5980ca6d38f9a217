import fs from 'node:fs';
import path from 'node:path';

/** The real path of `p`, resolving as much of it as exists (the rest may not be created yet). */
export function realPathSoFar(p: string): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.join(cur, ...rest.reverse());
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** The names of an absolute path, normalised (`/a/./b//c/..` -> ['a', 'b']). */
export function segmentsOf(p: string): string[] {
  return path.resolve(p).split(path.sep).filter((s) => s !== '');
}

/**
 * Is `child` the directory `parent` or below it (by name: resolve real paths first where symlinks matter)?
 * Compared segment by segment on normalised paths: a prefix test on the relative path (`rel.startsWith('..')`)
 * took `ROOT/..state` or an entry `..dd` for a path outside ROOT, and a string prefix (`/srv/cache` for
 * `/srv/cache2`) takes a sibling for a child.
 */
export function isInside(child: string, parent: string): boolean {
  const c = segmentsOf(child);
  const p = segmentsOf(parent);
  return p.length <= c.length && p.every((s, i) => c[i] === s);
}

/** The path of `child` below `parent` ('/'-separated, '' for parent itself), or null when it is not inside. */
export function relativeInside(child: string, parent: string): string | null {
  if (!isInside(child, parent)) return null;
  return segmentsOf(child).slice(segmentsOf(parent).length).join('/');
}
