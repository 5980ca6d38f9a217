import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import type { Entry } from '../shared/types.js';
import type { UsageProvider, UsageSignal } from './signal.js';
import { SqliteCopyError, withSqliteCopy } from './sqlite-copy.js';

/** Glance's metadata file in its image cache directory (sqlite cache driver). */
export const GLANCE_DB = 'cache.db';

/** Glance's cache.db cannot be read: the run stops (exit 2) rather than rank without the hits. */
export class GlanceDbError extends UsageError {}

/** A row as sqlite hands it over: Glance's schema says TEXT, REAL, REAL, INTEGER, but a column can hold anything. */
interface CachedImage {
  image_id: unknown;
  last_accessed: unknown;
  last_modified: unknown;
  hits: unknown;
}

/** Latest time a Date can hold (ms): a later "last access" is not a time. */
const MAX_TIME_MS = 8.64e15;

/** A count of hits: a positive finite number (rounded down, at most the largest safe integer), else nothing. */
function hitsOf(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 1) return undefined;
  return Math.min(Math.floor(v), Number.MAX_SAFE_INTEGER);
}

/** Seconds since the epoch as milliseconds: a positive finite time a Date can hold, else nothing. */
function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return undefined;
  const ms = Math.round(v * 1000);
  return ms > 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

/**
 * Usage from Glance's own `cache.db` (table cached_images: image_id, last_accessed, last_modified, size,
 * hits, checksum; times are seconds since the epoch as REAL): hits and last access per image, and its
 * caching time as first seen. Read from a private copy (sqlite-copy.ts): Glance keeps writing to it, cachesweep
 * never does, and creates nothing beside it (not even SQLite's -wal and -shm files).
 */
export function glanceDbProvider(root: string, dbName = GLANCE_DB): UsageProvider {
  const file = path.join(root, dbName);
  return {
    name: 'glance-cache-db',
    collect(entries: readonly Entry[]): UsageSignal[] {
      const rows = readCachedImages(root, file);
      const names = new Set(entries.map((e) => e.name));
      const out: UsageSignal[] = [];
      for (const r of rows) {
        // Only a text id equal to an entry's name speaks about that entry; values of the wrong type (text hits,
        // a blob, an infinite or absurd time) are ignored, never passed on: '5' hits once added up as '05'.
        if (typeof r.image_id !== 'string' || !names.has(r.image_id)) continue;
        const s: UsageSignal = { name: r.image_id };
        const hits = hitsOf(r.hits);
        const lastUsedMs = timeOf(r.last_accessed);
        const firstSeenMs = timeOf(r.last_modified);
        if (hits !== undefined) s.hits = hits;
        if (lastUsedMs !== undefined) s.lastUsedMs = lastUsedMs;
        // Glance writes the row when it has cached the image: its arrival, as well as the first time it was seen.
        if (firstSeenMs !== undefined) s.firstSeenMs = s.arrivedByMs = firstSeenMs;
        out.push(s);
      }
      return out;
    },
  };
}

/** Does this cache root hold a Glance cache.db (or the image_cache_sqlite_db glance-api.conf names)? */
export function hasGlanceDb(root: string, dbName = GLANCE_DB): boolean {
  try {
    return fs.lstatSync(path.join(root, dbName)).isFile();
  } catch {
    return false;
  }
}

function readCachedImages(root: string, file: string): CachedImage[] {
  try {
    return withSqliteCopy(file, root, (db) => {
      const cols = new Set((db.prepare("SELECT name FROM pragma_table_info('cached_images')").all() as { name: string }[]).map((c) => c.name));
      const missing = ['image_id', 'last_accessed', 'last_modified', 'hits'].filter((c) => !cols.has(c));
      if (missing.length > 0) {
        throw new GlanceDbError(`Glance ${file}: ${cols.size === 0 ? 'has no table cached_images' : `table cached_images lacks ${missing.join(', ')}`}; is it Glance's image cache database?`);
      }
      return db.prepare('SELECT image_id, last_accessed, last_modified, hits FROM cached_images').all() as CachedImage[];
    });
  } catch (err) {
    if (err instanceof GlanceDbError) throw err;
    const e = err as { code?: string; message?: string };
    const what = err instanceof SqliteCopyError ? e.message : `${e.code ?? 'error'}: ${e.message ?? String(err)}`;
    throw new GlanceDbError(`Glance ${file} cannot be read (${what}); the run stops rather than rank the images without their hits`);
  }
}
