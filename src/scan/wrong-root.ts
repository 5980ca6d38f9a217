import type { ScanResult } from '../shared/types.js';
import { isInside, relativeInside } from '../sys/paths.js';
import { childPath } from './measure.js';
import { instanceWhy, markOf } from './recognise.js';

/** `_base` (Nova's default image cache) or `_base_<anything>` (`subdirectory_name = _base_$my_ip` on shared storage). */
const NOVA_CACHE_DIR = /^_base(_.+)?$/;

/**
 * Why this root is one level above the cache it was meant to be, or null. Told from the scan alone (names, kinds,
 * what each directory entry looks like), so it is the same in every layout. Pure.
 *
 * - Nova's instances directory: a `_base` or `_base_*` directory together with `locks/`, `compute_nodes` or an
 *   instance directory. Cleaning it as a cache evicts whole instances (a stopped one holds no open file).
 * - A Nova instance directory itself (`disk` beside `libvirt.xml`, `console.log` or `disk.info`).
 * - The directory holding Glance's image cache: a child that looks like one (see looksLikeGlanceCache).
 *
 * A `_base` child alone is not enough: a generic cache may hold an entry so named; the second sign makes it Nova's.
 */
export function wrongRoot(scan: ScanResult): string | null {
  const { root, entries } = scan;
  const facts = scan.dirFacts ?? new Map();
  // Under --entries files or --depth the root's directories are containers, not entries: the same signs apply.
  const containers = scan.topContainers ?? [];
  const dirs = [...entries.filter((e) => e.kind === 'dir').map((e) => e.name), ...containers];
  const caches = dirs.filter((n) => NOVA_CACHE_DIR.test(n)).map((n) => childPath(root, n));
  if (caches.length > 0) {
    const novaSign =
      dirs.includes('locks') || entries.some((e) => (e.name === 'compute_nodes' && e.kind === 'file') || facts.get(e.name)?.instance?.at === '.');
    if (novaSign) return `${root} is Nova's instances directory; ${its(caches)}`;
  }
  const inst = instanceWhy(rootMarks(entries, containers));
  if (inst !== null) return `${root} is a Nova instance directory (${inst}), not a cache: its disks are an instance's own`;
  const glance = entries.filter((e) => facts.get(e.name)?.glanceCache === true).map((e) => childPath(root, e.name));
  if (glance.length > 0) return `${root} holds Glance's image cache; ${its(glance)}`;
  return null;
}

/**
 * The marks of the root's own children (entries at the top, and the containers of --entries files / --depth). A
 * mistyped `instances/<uuid>` for `instances/_base` would make a stopped instance's `disk` (open by nobody, idle for
 * days) an entry like any image: the worst deletion there is.
 */
function rootMarks(entries: ScanResult['entries'], containers: readonly string[]): number {
  let marks = 0;
  for (const e of entries) if (!e.name.includes('/')) marks |= markOf(e.name, e.kind === 'dir');
  for (const c of containers) if (!c.includes('/')) marks |= markOf(c, true);
  return marks;
}

function its(dirs: string[]): string {
  return dirs.length === 1 ? `its image cache is ${dirs[0]}` : `its image caches are ${dirs.join(', ')}`;
}

/** A service's image cache as its configuration names it (`--nova-conf`, `--glance-conf`). */
export interface ConfiguredCache {
  service: 'nova' | 'glance';
  /** The image cache directory: real path as far as it exists. */
  cacheDir: string;
  /** Nova's instances_path: real path as far as it exists. */
  instancesPath?: string;
  /** Where the configuration says so, e.g. `image_cache_dir, /etc/glance/glance-api.conf line 3`. */
  said: string;
}

/**
 * Why this root is a directory above a cache the service's own configuration names, or null. By path alone, so it
 * holds where the names do not tell: `subdirectory_name = images` (no `_base`), a Glance cache that has no
 * `cache.db` or `incomplete/` yet (the xattr driver, a fresh host), or a root two levels up (`/var/lib/glance`
 * holding the image cache and the file store's images beside it). Pure: the paths are real paths already.
 */
export function wrongRootByConfig(root: string, caches: readonly ConfiguredCache[]): string | null {
  for (const c of caches) {
    // The cache itself, or a directory inside it, is what the check is for; `subdirectory_name = ..` names a
    // cache above instances_path, and refusing the cache would leave nothing right.
    if (isInside(root, c.cacheDir)) continue;
    const said = `(${c.said})`;
    if (c.service === 'glance') {
      if (isInside(c.cacheDir, root)) return `${root} holds Glance's image cache; its image cache is ${c.cacheDir} ${said}`;
      continue;
    }
    const inst = c.instancesPath;
    if (inst !== undefined && isInside(root, inst) && isInside(inst, root)) return `${root} is Nova's instances directory; its image cache is ${c.cacheDir} ${said}`;
    if (inst !== undefined && isInside(inst, root)) return `${root} holds Nova's instances directory ${inst}; its image cache is ${c.cacheDir} ${said}`;
    // Below instances_path and not in the cache: an instance directory, locks/, snapshots/. A `_base*` directory
    // there is a cache still (another host's `_base_$my_ip` on shared storage, one left by an earlier setting).
    if (inst !== undefined && isInside(root, inst) && !NOVA_CACHE_DIR.test(relativeInside(root, inst)!.split('/')[0]!)) return `${root} is inside Nova's instances directory ${inst}, not its image cache ${c.cacheDir} ${said}`;
    if (isInside(c.cacheDir, root)) return `${root} holds Nova's image cache; its image cache is ${c.cacheDir} ${said}`;
  }
  return null;
}
