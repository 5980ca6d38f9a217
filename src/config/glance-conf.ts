import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { asNumber, describeOslo, OsloConf, type OptDef, type OsloSource } from './oslo-conf.js';
import { readOsloFiles } from './oslo-files.js';
import type { OsloFile } from './oslo-ini.js';

/** Glance's image cache drivers (glance/image_cache/drivers/). */
export type GlanceDriver = 'centralized_db' | 'sqlite' | 'xattr';
const DRIVERS: readonly GlanceDriver[] = ['centralized_db', 'sqlite', 'xattr'];

/**
 * The options cachesweep reads, declared as Glance declares them (glance/image_cache/__init__.py and
 * drivers/sqlite.py): all in [DEFAULT], none with deprecated names.
 */
export const GLANCE_OPTS: readonly OptDef[] = [
  { name: 'image_cache_dir', group: 'DEFAULT', type: 'str', default: null },
  { name: 'image_cache_max_size', group: 'DEFAULT', type: 'int', default: 10n * 1024n ** 3n, min: 0 },
  { name: 'image_cache_stall_time', group: 'DEFAULT', type: 'int', default: 86400n, min: 0 },
  { name: 'image_cache_driver', group: 'DEFAULT', type: 'str', default: 'centralized_db', choices: DRIVERS, ignoreCase: true },
  { name: 'image_cache_sqlite_db', group: 'DEFAULT', type: 'str', default: 'cache.db' },
];

export interface GlanceSetting<T> {
  value: T;
  source: OsloSource;
}

/** What cachesweep takes from glance-api.conf. */
export interface GlanceConf {
  files: string[];
  /** image_cache_dir; null when no file sets it (Glance has no default: its cache is then not configured). */
  cacheDir: GlanceSetting<string | null>;
  /** Bytes: Glance's pruner starts above this size and prunes, least recently accessed first, down to it. */
  maxSize: GlanceSetting<number>;
  /** Seconds an incomplete download may stay before Glance's cleaner removes it. */
  stallTime: GlanceSetting<number>;
  /** image_cache_driver as written, and the driver Glance ends up loading. */
  driver: GlanceSetting<string>;
  effectiveDriver: GlanceDriver;
  /** image_cache_sqlite_db: the sqlite driver's database, relative to the cache directory. */
  sqliteDb: GlanceSetting<string>;
  warnings: string[];
}

/** Interpret glance-api.conf files (parsed, in the order read). Pure. */
export function glanceConfFrom(files: readonly OsloFile[]): GlanceConf {
  const conf = new OsloConf(files, GLANCE_OPTS, '--glance-conf', 'Glance');
  const get = (name: string) => conf.get('DEFAULT', name);
  const int = (name: string): GlanceSetting<number> => {
    const r = get(name);
    if (r.value === null) throw new UsageError(`--glance-conf: ${describeOslo(r.source)}: ${name} is empty; Glance reads that as None and fails`);
    return { value: asNumber(r.value)!, source: r.source };
  };
  const dir = get('image_cache_dir');
  const cacheDir = dir.value === null ? null : String(dir.value);
  if (cacheDir !== null && !path.isAbsolute(cacheDir)) {
    throw new UsageError(`--glance-conf: ${describeOslo(dir.source)}: image_cache_dir '${cacheDir}' is not an absolute path`);
  }
  const drv = get('image_cache_driver');
  const written = String(drv.value);
  const warnings = conf.misplaced(GLANCE_OPTS);
  // oslo accepts any case (ignore_case), but Glance imports glance.image_cache.drivers.<value>: 'Xattr' is no module,
  // and Glance logs a warning and falls back to the sqlite driver.
  let effectiveDriver = DRIVERS.find((d) => d === written);
  if (effectiveDriver === undefined) {
    effectiveDriver = 'sqlite';
    warnings.push(`${describeOslo(drv.source)}: image_cache_driver = '${written}' is not a driver module name (they are lower case): Glance falls back to the sqlite driver, and so does cachesweep`);
  }
  const db = get('image_cache_sqlite_db');
  return {
    files: files.map((f) => f.file),
    cacheDir: { value: cacheDir === null ? null : path.normalize(cacheDir), source: dir.source },
    maxSize: int('image_cache_max_size'),
    stallTime: int('image_cache_stall_time'),
    driver: { value: written, source: drv.source },
    effectiveDriver,
    sqliteDb: { value: String(db.value), source: db.source },
    warnings,
  };
}

/** Read glance-api.conf files and directories (`--glance-conf`, `--glance-conf-dir`) as glance-api would. */
export function readGlanceConf(files: readonly string[], dirs: readonly string[] = []): GlanceConf {
  return glanceConfFrom(readOsloFiles(files, dirs, '--glance-conf', '--glance-conf-dir'));
}
