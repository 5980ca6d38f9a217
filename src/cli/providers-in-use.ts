import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { isInside } from '../config/state-dir.js';
import type { ScanResult } from '../shared/types.js';
import { detectorsFor } from '../usage/detectors/registry.js';
import type { UsageProvider } from '../usage/signal.js';
import { asList, type InUseArgs } from './flags-in-use.js';
import type { Located } from './located.js';

/** Is this root Nova's image cache (`instances/_base`), by layout or by name? */
function novaLike(root: string, layout: string): boolean {
  return layout === 'nova' || /^_base(_.*)?$/.test(path.basename(root));
}

/** Validate an --instances-dir: an existing directory, and not the cache itself or inside it. */
function instancesDir(dir: string, root: string): string {
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
 * The in-use detectors a run consults (src/usage/detectors/registry.ts), given what the flags and the scan say:
 * instance directories (--instances-dir, or the cache's parent for Nova), Linux or not, operator lists.
 * Their warnings join the scan's, so they are printed and reported in --json like the scan's.
 */
export function inUseProviders(parsed: object, where: Located, scan: ScanResult): UsageProvider[] {
  const args = parsed as InUseArgs & { cacheDir?: string };
  const warn = (line: string): void => {
    scan.warnings.push(line);
  };
  for (const n of args.novaConfNotes ?? []) warn(n);
  const root = where.root;
  // The root as the user named it: `instances/_base` may be a symlink to a cache elsewhere, whose real parent is not
  // the instances directory. Both names count, so that a symlinked _base still protects the disks beside it.
  const named = args.cacheDir ? path.resolve(args.cacheDir) : root;
  const nova = novaLike(root, scan.layout) || novaLike(named, scan.layout);
  const explicit = asList(args.instancesDir);
  const parents = [...new Set([path.dirname(named), path.dirname(root)])].filter((p) => p !== '/');
  const dirs = [...new Set(explicit.length > 0 ? explicit.map((d) => instancesDir(d, root)) : nova ? parents.map((p) => instancesDir(p, root)) : [])];
  return detectorsFor({
    root,
    scan,
    nova,
    instancesDirs: dirs,
    ignoreUnreadableDisks: Boolean(args.ignoreUnreadableDisks),
    inUseFrom: asList(args.inUseFrom),
    platform: process.platform,
    warn,
  });
}
