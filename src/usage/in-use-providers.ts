import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import type { ScanResult } from '../shared/types.js';
import { isInside } from '../sys/paths.js';
import { detectorsFor } from './detectors/registry.js';
import type { UsageProvider } from './signal.js';

/** What the in-use detectors are told beyond the cache (the CLI fills it from --instances-dir and friends). */
export interface InUseOptions {
  /** Directories of instance disks: every image their backing chains reach is in use. Default for Nova: the cache's parent. */
  instancesDirs?: readonly string[];
  /** A disk that cannot be read only gives a warning (default: it keeps every entry this run). */
  ignoreUnreadableDisks?: boolean;
  /** Files naming entries in use, one name or absolute path a line; `-` is stdin. */
  inUseFrom?: readonly string[];
  /** What glance-api.conf says of Glance's cache driver (--glance-conf); none: found out from the cache itself. */
  glance?: { driver?: { name: 'centralized_db' | 'sqlite' | 'xattr'; said: string }; sqliteDb?: string };
}

/** Where the detectors look: the cache's real path, the name it was given by, what its scan found. */
export interface InUseTarget {
  root: string;
  /**
   * The root as the user named it: `instances/_base` may be a symlink to a cache elsewhere, whose real parent is
   * not the instances directory. Both names count, so that a symlinked _base still protects the disks beside it.
   */
  namedRoot: string;
  scan: ScanResult;
}

/** Is this root Nova's image cache (`instances/_base`), by layout or by name? */
function novaLike(root: string, layout: string): boolean {
  return layout === 'nova' || /^_base(_.*)?$/.test(path.basename(root));
}

/** Validate an --instances-dir: an existing directory, and not the cache itself or inside it. */
function instancesDir(dir: string, root: string): string {
  // path.resolve('') is the working directory: `--instances-dir "$UNSET"` walked cron's cwd instead of Nova's
  // instances_path, found no disks, and the base images of stopped instances were evicted (only a warning said so).
  if (dir === '') throw new UsageError('--instances-dir: an empty value is not a directory; give the directory holding the instance disks, or leave --instances-dir out');
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--instances-dir: ${dir} ${code === 'ENOENT' ? 'does not exist' : `cannot be opened (${code})`}`);
  }
  if (!fs.statSync(real).isDirectory()) throw new UsageError(`--instances-dir: ${dir} is not a directory`);
  if (isInside(real, root)) throw new UsageError(`--instances-dir: ${dir} is inside the cache ${root}; give the directory holding the instance disks`);
  return real;
}

/**
 * The directories holding instance disks (given, or for Nova the cache's parent: Nova's instances_path, where its
 * `locks/` and `compute_nodes` are too), and whether the cache is Nova's image cache. Validated real paths.
 */
export function instancesDirsOf(target: Pick<InUseTarget, 'root' | 'namedRoot'>, layout: string, o: InUseOptions): { nova: boolean; dirs: string[] } {
  const { root, namedRoot } = target;
  const nova = novaLike(root, layout) || novaLike(namedRoot, layout);
  const explicit = o.instancesDirs ?? [];
  const parents = [...new Set([path.dirname(namedRoot), path.dirname(root)])].filter((p) => p !== '/');
  const dirs = [...new Set(explicit.length > 0 ? explicit.map((d) => instancesDir(d, root)) : nova ? parents.map((p) => instancesDir(p, root)) : [])];
  return { nova, dirs };
}

/**
 * The in-use detectors a run consults (src/usage/detectors/registry.ts), given what the options and the scan say:
 * instance directories (given, or the cache's parent for Nova), Linux or not, operator lists.
 * `warn` receives their warnings (the caller joins them to the scan's, so they are printed and reported alike).
 */
export function inUseProviders(target: InUseTarget, o: InUseOptions, warn: (line: string) => void): UsageProvider[] {
  const { root, scan } = target;
  const { nova, dirs } = instancesDirsOf(target, scan.layout, o);
  return detectorsFor({
    root,
    scan,
    nova,
    instancesDirs: dirs,
    ignoreUnreadableDisks: Boolean(o.ignoreUnreadableDisks),
    inUseFrom: [...(o.inUseFrom ?? [])],
    platform: process.platform,
    warn,
  });
}
