import type { Classification, Layout } from '../layout.js';

const HEX1 = /^[0-9a-f]$/;
/** Files ccache keeps beside its entries: configuration, statistics (`a/stats`, `a/b/stats`), the cache tag. */
const OWN_FILES = ['ccache.conf', 'stats', 'CACHEDIR.TAG'];
/** ccache's own directories at the top: lock files (`lock/`), temporary files it cleans itself (`tmp/`). */
const OWN_DIRS = ['lock', 'tmp'];
/** What a result (`R`), a manifest (`M`) or a raw file of a result (`<key>_<n>W`, file_clone / hard_link) ends with. */
const CLASS_BY_SUFFIX: Record<string, string> = { R: 'result', M: 'manifest', W: 'raw' };
/** A file ccache is still writing (util::TemporaryFile: `<name>.<random>.tmp`... has `.tmp` in it). */
const TEMPORARY = /\.tmp(\.|$)/;

/**
 * ccache's cache directory (CCACHE_DIR): entries are the files `a/b/<key>R` (results) and `<key>M` (manifests),
 * two to four levels of single hex digits deep (ccache moves files deeper as a directory fills). ccache.conf,
 * CACHEDIR.TAG, the stats files, lock files, `lock/` and `tmp/` are ccache's own: never entries, never removed; so
 * are the two top levels of shard directories, where ccache keeps its statistics. ccache marks a hit by setting the
 * file's times (util::set_timestamps), so the file's mtime is its last use.
 */
export const ccache: Layout = {
  name: 'ccache',
  description: "ccache: every result (…R) and manifest (…M) file is an entry; ccache.conf, stats, CACHEDIR.TAG, lock/ and tmp/ kept",
  fixed(rel, kind, depth) {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    if (kind === 'file' && (OWN_FILES.includes(base) || base.endsWith('.lock') || base.endsWith('.alive'))) return 'keep';
    if (depth === 1 && kind === 'dir' && OWN_DIRS.includes(base)) return 'keep';
    if (depth <= 2 && kind === 'dir' && HEX1.test(base)) return 'descend';
    return null;
  },
  shape: (_rel, kind) => (kind === 'dir' ? 'descend' : 'entry'),
  classify(name, kind): Classification {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    if (kind !== 'file') return { class: kind, partial: false, unknownWhy: `a ${kind === 'dir' ? 'directory' : 'special file'} where ccache keeps files` };
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (TEMPORARY.test(base)) return { class: 'partial', partial: true };
    const cls = CLASS_BY_SUFFIX[base.slice(-1)];
    if (cls === undefined || !name.includes('/')) return { class: 'unknown', partial: false, unknownWhy: 'not a name ccache gives its files' };
    return { class: cls, partial: false };
  },
  detect(_rootBase, childNames) {
    if (childNames.includes('ccache.conf')) return true;
    // ccache 4 without a ccache.conf of its own: single hex digit shards (each with its CACHEDIR.TAG), tmp/, lock/.
    // Hex shards alone are not enough (any sharded cache may have them): one of ccache's own names must be there too.
    const allOwn = childNames.every((n) => HEX1.test(n) || OWN_DIRS.includes(n) || OWN_FILES.includes(n));
    return allOwn && childNames.some((n) => HEX1.test(n)) && childNames.some((n) => OWN_DIRS.includes(n) || OWN_FILES.includes(n));
  },
};
