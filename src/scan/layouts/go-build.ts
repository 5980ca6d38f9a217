import type { Classification, Layout } from '../layout.js';

const SHARD = /^[0-9a-f]{2}$/;
/** Files Go keeps at the top of its build cache: README (its marker), trim.txt (the last trim), testexpire.txt. */
const OWN_FILES = ['README', 'trim.txt', 'testexpire.txt'];
/** Go's cache file names: `<sha256 hex>-a` (an action's index entry) or `<sha256 hex>-d` (an output). */
const ENTRY = /^[0-9a-f]{64}-([ad])$/;

/**
 * Go's build cache (GOCACHE, `go env GOCACHE`): entries are the files `ab/<hash>-a` (action entries) and
 * `ab/<hash>-d` (outputs) in 256 shard directories `00`-`ff`. README, trim.txt and testexpire.txt are Go's own and
 * kept; so are the shard directories, even empty: cache.Open creates them when a `go` command starts and writes
 * into them without creating them again. Go refreshes a used file's mtime at most once an hour (cache.used), so
 * idle times are accurate to an hour.
 */
export const goBuild: Layout = {
  name: 'go-build',
  description: 'Go build cache (GOCACHE): ab/<hash>-a and -d files are entries; README, trim.txt and the 00-ff shards kept',
  fixed(rel, kind, depth) {
    if (depth !== 1) return null;
    if (kind === 'file' && OWN_FILES.includes(rel)) return 'keep';
    if (kind === 'dir' && SHARD.test(rel)) return 'descend';
    return null;
  },
  shape: () => 'entry',
  classify(name, kind): Classification {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    const slash = name.indexOf('/');
    const m = ENTRY.exec(name.slice(slash + 1));
    if (kind !== 'file' || slash < 0 || m === null || !name.startsWith(m[0].slice(0, 2))) {
      return { class: 'unknown', partial: false, unknownWhy: 'not a file Go keeps in its build cache' };
    }
    return { class: m[1] === 'a' ? 'action' : 'output', partial: false };
  },
  detect(_rootBase, childNames) {
    // `go` writes README ("This directory holds cached build artifacts from the Go build system.") and the shards.
    return childNames.includes('README') && childNames.filter((n) => SHARD.test(n)).length >= 16;
  },
};
