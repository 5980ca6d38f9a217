import { getxattr } from '../sys/native.js';
import { nameBytes } from '../shared/names.js';

/** Reading extended attributes failed as a whole (the native addon cannot be loaded). */
export class XattrUnavailable extends Error {}

/** What reading one attribute of many files found: the raw value per path that has it, and per-path errors. */
export interface XattrRead {
  values: Map<string, Buffer>;
  /** Path -> error text, for files whose attributes could not be read (e.g. ENOTSUP: no user xattrs there). */
  errors: Map<string, string>;
}

/** How one attribute of one file is read: the addon's lgetxattr, or another reader in tests. */
export type GetXattr = (path: string, name: string) => Buffer | null;

/**
 * One extended attribute (`user.hits`) of many files, with lgetxattr(2) through the native addon: symlinks are not
 * followed, the files are not opened and their times do not move. A file without the attribute is absent from
 * `values`; a file that cannot be read is in `errors`. Throws XattrUnavailable when the addon cannot be loaded.
 */
/** lgetxattr on the exact bytes of the name (shared/names.ts: a name that is not UTF-8 is not found from its string). */
const byBytes: GetXattr = (p, attr) => getxattr(nameBytes(p), attr);

export function readXattr(paths: readonly string[], attr: string, get: GetXattr = byBytes): XattrRead {
  const values = new Map<string, Buffer>();
  const errors = new Map<string, string>();
  for (const p of paths) {
    try {
      const v = get(p, attr);
      if (v !== null) values.set(p, v);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === undefined) throw new XattrUnavailable(e.message);
      // Gone since the scan: nothing to say about it.
      if (e.code !== 'ENOENT') errors.set(p, `${e.code}${e.code === 'ENOTSUP' || e.code === 'EOPNOTSUPP' ? ' (operation not supported)' : ''}`);
    }
  }
  return { values, errors };
}
