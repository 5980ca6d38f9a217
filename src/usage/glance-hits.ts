import { UsageError } from '../shared/errors.js';
import type { Entry } from '../shared/types.js';
import { GLANCE_DB, glanceDbProvider, hasGlanceDb } from './glance-db.js';
import { readXattr, XattrUnavailable, type GetXattr, type XattrRead } from './glance-xattr.js';
import type { UsageProvider, UsageSignal } from './signal.js';

/** Glance's xattr driver counts reads of an image in this attribute (glance/image_cache/drivers/xattr.py). */
export const GLANCE_HITS_XATTR = 'user.hits';

/** Glance's hit counts cannot be read although its configuration says where they are: exit 2, as for cache.db. */
export class GlanceHitsError extends UsageError {}

export interface GlanceHitsOptions {
  root: string;
  /** The driver glance-api.conf makes Glance load, and where that was said; none: find out from the cache itself. */
  driver?: { name: 'centralized_db' | 'sqlite' | 'xattr'; said: string };
  /** image_cache_sqlite_db (relative to the root); default cache.db. */
  sqliteDb?: string;
  warn(line: string): void;
  /** How an attribute is read (the native addon; tests give another). */
  getxattr?: GetXattr;
}

/**
 * `int(value)` as Glance reads the attribute: ASCII digits, a sign, underscores between digits, surrounding ASCII
 * whitespace (Python's int() of bytes). A positive count, capped at the largest safe integer; else nothing.
 */
export function hitsFromXattr(value: Buffer): number | undefined {
  const t = value.toString('latin1').replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
  if (!/^[+-]?[0-9](_?[0-9])*$/.test(t)) return undefined;
  const n = BigInt(t.replace(/_/g, ''));
  if (n < 1n) return undefined;
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** The cached images: files directly in the root (the glance layout's class `image`). */
const images = (entries: readonly Entry[]): Entry[] => entries.filter((e) => e.class === 'image' && e.kind === 'file');

function signalsOf(list: readonly Entry[], read: XattrRead): UsageSignal[] {
  const out: UsageSignal[] = [];
  for (const e of list) {
    const v = read.values.get(e.path);
    if (v === undefined) continue;
    const hits = hitsFromXattr(v);
    out.push(hits === undefined ? { name: e.name } : { name: e.name, hits });
  }
  return out;
}

/** Say once what could not be read: a filesystem without user xattrs, or single files. */
function reportErrors(o: GlanceHitsOptions, read: XattrRead, strict: boolean): void {
  const errors = [...read.errors];
  if (errors.length === 0) return;
  const [path, why] = errors[0]!;
  if (/not supported/i.test(why)) {
    o.warn(
      `${o.root}: this filesystem has no user extended attributes (${why})${strict ? ": Glance's xattr driver cannot work here and Glance falls back to its sqlite driver (cache.db)" : ''}; no user.hits read`,
    );
    return;
  }
  o.warn(`user.hits of ${errors.length} image${errors.length === 1 ? '' : 's'} could not be read (${path}: ${why}); those rank without Glance's hits`);
}

/**
 * Hits from the xattr driver's `user.hits` on each cached image (a decimal count Glance sets to 0 when the image
 * is cached and raises after each read). `strict` (glance-api.conf names the driver): no way to read them stops the
 * run, as an unreadable cache.db does. Otherwise it is said and the run goes on.
 */
export function glanceXattrProvider(o: GlanceHitsOptions, strict: boolean): UsageProvider & { found?: number } {
  const p: UsageProvider & { found?: number } = {
    name: 'glance-xattr',
    collect(entries) {
      const list = images(entries);
      if (list.length === 0) return [];
      let read: XattrRead;
      try {
        read = readXattr(list.map((e) => e.path), GLANCE_HITS_XATTR, ...(o.getxattr ? [o.getxattr] : []));
      } catch (err) {
        if (!(err instanceof XattrUnavailable)) throw err;
        const why = `Glance's hit counts (the ${GLANCE_HITS_XATTR} attribute of each image) cannot be read: ${err.message}`;
        if (strict) throw new GlanceHitsError(`${why}; the run stops rather than rank the images without their hits`);
        o.warn(why);
        return [];
      }
      reportErrors(o, read, strict);
      const out = signalsOf(list, read);
      p.found = out.length;
      return out;
    },
  };
  return p;
}

/** The plain words for a cache whose hits are in Glance's database. */
function centralizedNote(said: string): string {
  return (
    `Glance's image_cache_driver is centralized_db (${said}): its hit counts live in Glance's central database, which cachesweep cannot read; ` +
    "the hits shown, and those lfu and gdsf rank by, are only cachesweep's own (cachesweep touch)"
  );
}

/**
 * Without glance-api.conf: cache.db when the root has one (the sqlite driver), else the xattr driver's attributes.
 * When neither says anything about any image, say so once: with Glance's default driver since 2024.1
 * (centralized_db) the counts are in its database.
 */
function autoProvider(o: GlanceHitsOptions): UsageProvider {
  if (hasGlanceDb(o.root)) return glanceDbProvider(o.root);
  const x = glanceXattrProvider(o, false);
  return {
    name: 'glance-hits',
    async collect(entries, now) {
      const out = await x.collect(entries, now);
      if (images(entries).length > 0 && out.length === 0 && x.found === 0) {
        o.warn(
          `${o.root}: no ${GLANCE_DB} and no ${GLANCE_HITS_XATTR} attribute on any image, so Glance's hit counts are not here. ` +
            `${centralizedNote("Glance's default since 2024.1; give --glance-conf to say which")}`,
        );
      }
      return out;
    },
  };
}

/** The providers of Glance's own hit counts, as the cache's driver keeps them. */
export function glanceHitProviders(o: GlanceHitsOptions): UsageProvider[] {
  const db = o.sqliteDb ?? GLANCE_DB;
  switch (o.driver?.name) {
    case 'centralized_db':
      o.warn(centralizedNote(o.driver.said));
      return [];
    case 'sqlite':
      if (hasGlanceDb(o.root, db)) return [glanceDbProvider(o.root, db)];
      o.warn(`Glance's sqlite driver (${o.driver.said}) keeps hit counts in ${db}, which ${o.root} does not hold: no Glance hits this run`);
      return [];
    case 'xattr':
      return [glanceXattrProvider(o, true)];
    default:
      return [autoProvider(o)];
  }
}
