import type { Classification, Layout } from '../layout.js';

/**
 * How deep pip's entries are: `http-v2/a/b/c/d/e/` (pip 23.3+, a response `<sha224>` and its `<sha224>.body`
 * together), `http/a/b/c/d/e/` (older pip, one file a response), `wheels/ab/cd/ef/<rest>/` (built wheels and
 * their origin.json).
 */
const ENTRY_DEPTH: Record<string, number> = { 'http-v2': 6, http: 6, wheels: 5 };
/** pip's own: `selfcheck/` (its version check state). */
const OWN_DIRS = ['selfcheck'];

/**
 * pip's cache (`pip cache dir`). An entry is the directory of one cached response or one built wheel, never a
 * single file: in `http-v2/` a response is two files, `<hash>` (its headers) and `<hash>.body`, that go together
 * (the directory `a/b/c/d/e` is named by the hash's first five hex digits, so two responses share one only when
 * their hashes do). `selfcheck/` is kept, and so are `http-v2/`, `http/` and `wheels/`; the shard directories in
 * between go when a clean empties them (pip creates them as it writes).
 */
export const pip: Layout = {
  name: 'pip',
  description: 'pip cache: each http-v2/a/b/c/d/e response (<hash> and <hash>.body together) and wheels/ab/cd/ef/<rest> build is an entry; selfcheck/ kept',
  fixed(rel, kind, depth) {
    if (depth !== 1 || kind !== 'dir') return null;
    if (OWN_DIRS.includes(rel)) return 'keep';
    return Object.hasOwn(ENTRY_DEPTH, rel) ? 'descend' : null;
  },
  shape(rel, kind, depth) {
    const want = ENTRY_DEPTH[rel.slice(0, rel.indexOf('/'))];
    return kind === 'dir' && want !== undefined && depth < want ? 'descend' : 'entry';
  },
  classify(name, kind): Classification {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    const parts = name.split('/');
    const want = Object.hasOwn(ENTRY_DEPTH, parts[0]!) ? ENTRY_DEPTH[parts[0]!] : undefined;
    if (kind !== 'dir' || want === undefined || parts.length !== want) {
      return { class: 'unknown', partial: false, unknownWhy: 'not where pip keeps a cached response or wheel' };
    }
    return { class: parts[0] === 'wheels' ? 'wheel' : 'http', partial: false };
  },
  detect(_rootBase, childNames) {
    const ours = childNames.filter((n) => Object.hasOwn(ENTRY_DEPTH, n) || OWN_DIRS.includes(n)).length;
    return ours >= 2 && (childNames.includes('http-v2') || childNames.includes('wheels'));
  },
};
