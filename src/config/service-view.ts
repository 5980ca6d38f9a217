import type { GlanceConf } from './glance-conf.js';
import { describeInterval, novaCleanerRuns, type NovaConf } from './nova-conf.js';
import { describeOslo } from './oslo-conf.js';

/** One service's configuration as `config --print` shows it: each value cachesweep uses and where it came from. */
export interface ServiceConfView {
  service: 'nova' | 'glance';
  files: string[];
  rows: { option: string; value: string; from: string; use: string }[];
  warnings: string[];
}

/** nova.conf's effective values. Pure. */
export function novaView(c: NovaConf): ServiceConfView {
  const m = c.managerInterval.value;
  const rows: ServiceConfView['rows'] = [
    { option: 'instances_path', value: c.instancesPath.value, from: describeOslo(c.instancesPath.source), use: 'instance disks are read from here (--instances-dir)' },
    { option: 'image_cache.subdirectory_name', value: c.subdirectoryName.value, from: describeOslo(c.subdirectoryName.source), use: `the cache: ${c.cacheDir}` },
    {
      option: 'image_cache.manager_interval',
      value: String(m),
      from: describeOslo(c.managerInterval.source),
      use: m < 0 ? "Nova's image cache manager is off: it deletes nothing, touches nothing" : `Nova's image cache manager runs ${describeInterval(m)}`,
    },
    {
      option: 'image_cache.remove_unused_base_images',
      value: c.removeUnusedBaseImages.value ? 'True' : 'False',
      from: describeOslo(c.removeUnusedBaseImages.source),
      use: novaCleanerRuns(c) ? "Nova's cleaner deletes base images too (a warning each run)" : 'Nova deletes no base images: cachesweep is the only cleaner',
    },
    {
      option: 'image_cache.remove_unused_original_minimum_age_seconds',
      value: String(c.originalMinAge.value),
      from: describeOslo(c.originalMinAge.source),
      use: 'max-age of original, swap and ephemeral (age strategy)',
    },
    {
      option: 'image_cache.remove_unused_resized_minimum_age_seconds',
      value: String(c.resizedMinAge.value),
      from: describeOslo(c.resizedMinAge.source),
      use: 'max-age of resized (age strategy)',
    },
    ...c.also.map((a) => ({ option: a.name, value: a.value, from: describeOslo(a.source), use: 'substituted into the values above' })),
  ];
  return { service: 'nova', files: c.files, rows, warnings: c.warnings };
}

/** glance-api.conf's effective values. Pure. */
export function glanceView(c: GlanceConf): ServiceConfView {
  const drv = c.effectiveDriver;
  const hits =
    drv === 'sqlite' ? `hits from ${c.sqliteDb.value}` : drv === 'xattr' ? 'hits from each image\'s user.hits attribute' : "hits in Glance's database: not readable by cachesweep";
  const rows: ServiceConfView['rows'] = [
    { option: 'image_cache_dir', value: c.cacheDir.value ?? '-', from: describeOslo(c.cacheDir.source), use: 'the cache' },
    { option: 'image_cache_max_size', value: String(c.maxSize.value), from: describeOslo(c.maxSize.source), use: 'threshold and target (prune down to it), unless given' },
    { option: 'image_cache_stall_time', value: String(c.stallTime.value), from: describeOslo(c.stallTime.source), use: 'stale-partial-age, unless given' },
    { option: 'image_cache_driver', value: c.driver.value, from: describeOslo(c.driver.source), use: `${drv === c.driver.value ? '' : `Glance loads ${drv}; `}${hits}` },
  ];
  if (drv === 'sqlite') rows.push({ option: 'image_cache_sqlite_db', value: c.sqliteDb.value, from: describeOslo(c.sqliteDb.source), use: 'never an entry' });
  return { service: 'glance', files: c.files, rows, warnings: c.warnings };
}
