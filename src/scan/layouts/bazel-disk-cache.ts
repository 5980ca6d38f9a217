import type { Classification, Layout } from '../layout.js';

const STORES = ['ac', 'cas'];
/** Bazel's own directories: temporary files of writes in progress (`tmp/`) and its garbage collector's lock (`gc/`). */
const OWN_DIRS = ['tmp', 'gc'];
const HASH = /^[0-9a-f]{64}$/;

/**
 * Bazel's disk cache (--disk_cache): entries are the files under `ac/` (action results) and `cas/` (blobs),
 * `ac/ab/<sha256>` since Bazel 6 (`ac/<sha256>` before). `tmp/` and `gc/` are Bazel's own and kept, and so are
 * `ac/` and `cas/`; the shard directories below them go when a clean empties them (Bazel creates a blob's parent
 * directories when it writes it). Bazel refreshes a file's mtime when it uses it, and its own garbage collector
 * ranks by that mtime (action results before blobs of the same age).
 */
export const bazelDiskCache: Layout = {
  name: 'bazel-disk-cache',
  description: 'Bazel disk cache: every file under ac/ and cas/ is an entry; tmp/ and gc/ kept',
  fixed(rel, kind, depth) {
    if (depth !== 1) return null;
    if (kind === 'dir' && STORES.includes(rel)) return 'descend';
    if (kind === 'dir' && OWN_DIRS.includes(rel)) return 'keep';
    return null;
  },
  shape: (_rel, kind) => (kind === 'dir' ? 'descend' : 'entry'),
  classify(name, kind): Classification {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    const parts = name.split('/');
    const store = parts[0]!;
    const base = parts[parts.length - 1]!;
    const sharded = parts.length === 3 && base.startsWith(parts[1]!) && parts[1]!.length === 2;
    if (kind !== 'file' || !STORES.includes(store) || !HASH.test(base) || !(parts.length === 2 || sharded)) {
      return { class: 'unknown', partial: false, unknownWhy: 'not a file Bazel keeps in its disk cache' };
    }
    return { class: store, partial: false };
  },
  detect(_rootBase, childNames) {
    return STORES.every((s) => childNames.includes(s));
  },
};
