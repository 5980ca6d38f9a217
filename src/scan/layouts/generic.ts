import type { Layout } from '../layout.js';

/** Suffixes of half-downloaded files in the generic layout. */
export const PARTIAL_SUFFIXES = ['.part', '.partial', '.tmp', '.download', '.converted'];

/** Every direct child of the root is an entry; partial downloads are recognised by suffix. */
export const generic: Layout = {
  name: 'generic',
  description: 'every direct child of the root is an entry; *.part, *.partial, *.tmp, *.download, *.converted are partial downloads',
  classify(name, kind) {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    if (kind === 'other') return { class: 'other', partial: false, unknownWhy: 'not a regular file or directory' };
    const lower = name.toLowerCase();
    if (PARTIAL_SUFFIXES.some((s) => lower.endsWith(s))) return { class: 'partial', partial: true };
    return { class: kind, partial: false };
  },
};
