import type { Layout } from '../layout.js';

/** Glance's own metadata (sqlite driver) and SQLite's side files: never entries. */
export const GLANCE_DB_FILES = ['cache.db', 'cache.db-journal', 'cache.db-wal', 'cache.db-shm'];
/**
 * Files Glance itself keeps in the cache directory, never images (image ids are UUIDs). Its cache drivers call
 * lockutils.set_defaults(image_cache_dir), so unless [oslo_concurrency] lock_path says otherwise every external lock
 * of glance-api lives here, a file named after the lock and never removed: image_cache_db_init (sqlite driver),
 * glance-cache-clean and glance-cache-prune (the cache API), glance-cache (prefetcher), sqlite_centralized_migrate,
 * tasks (import cancellation). `checkme` is the xattr driver's probe file, left behind where xattrs fail.
 */
export const GLANCE_OWN_FILES = [
  'image_cache_db_init',
  'glance-cache',
  'glance-cache-clean',
  'glance-cache-prune',
  'sqlite_centralized_migrate',
  'tasks',
  'checkme',
];
const SUBDIRS = ['incomplete', 'invalid', 'queue'];

/**
 * Glance's image cache (`image_cache_dir`): every file directly in the root is a cached image (named by
 * its image id); `incomplete/` holds downloads in progress (partial: evicted as expired once idle longer
 * than --stale-partial-age, Glance's image_cache_stall_time); `invalid/` holds images that failed
 * verification (expired whatever their age, past the --min-age grace); `queue/` holds Glance's prefetch
 * requests and is left alone (not listed, not counted); `cache.db` and Glance's lock files are never entries.
 */
export const glance: Layout = {
  name: 'glance',
  description: "Glance image cache: images in the root; incomplete/ (stale ones expire), invalid/ (expire), queue/ left alone, cache.db and Glance's lock files not entries",
  topLevel(name, kind) {
    if (GLANCE_DB_FILES.includes(name)) return 'ignore';
    if (kind === 'file' && GLANCE_OWN_FILES.includes(name)) return 'ignore';
    if (name === 'queue' && kind === 'dir') return 'ignore';
    if ((name === 'incomplete' || name === 'invalid') && kind === 'dir') return 'descend';
    return 'entry';
  },
  classify(name, kind) {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    if (kind === 'other') return { class: 'other', partial: false, unknownWhy: 'not a regular file or directory' };
    const slash = name.indexOf('/');
    const dir = slash < 0 ? '' : name.slice(0, slash);
    if (kind !== 'file') {
      return { class: kind, partial: false, unknownWhy: `not a Glance cache file (a ${kind}${dir ? ` in ${dir}/` : ' in the cache root'})` };
    }
    if (dir === 'incomplete') return { class: 'incomplete', partial: true };
    if (dir === 'invalid') return { class: 'invalid', partial: false, expired: 'in invalid/: Glance could not verify it' };
    return { class: 'image', partial: false };
  },
  detect(_rootBase, childNames) {
    // Glance creates all three directories when its cache starts; cache.db is its sqlite driver's metadata.
    return childNames.includes('cache.db') || SUBDIRS.filter((d) => childNames.includes(d)).length >= 2;
  },
};
