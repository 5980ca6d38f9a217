import { UsageError } from '../../shared/errors.js';
import { readGlanceConf, type GlanceConf } from '../../config/glance-conf.js';
import { describeOslo } from '../../config/oslo-conf.js';
import { getStrategy } from '../../policy/registry.js';
import type { ConfigContext } from './config-middleware.js';
import { givenExplicitly } from './explicit-flags.js';
import { asList, type InUseArgs } from './flags-in-use.js';

type Args = InUseArgs & {
  cacheDir?: string;
  'cache-dir'?: string;
  layout?: string;
  strategy?: string;
  threshold?: string;
  target?: string;
  minFree?: string;
  stalePartialAge?: string;
  'stale-partial-age'?: string;
};

/**
 * The flags glance-api.conf stands for, as Glance's own pruner and cleaner work: prune when the cache is over
 * image_cache_max_size, least recently accessed first, down to image_cache_max_size (glance/image_cache/__init__.py
 * prune()); incomplete downloads older than image_cache_stall_time are stale. Only flags not given are filled in.
 */
export function glanceFlagValues(conf: GlanceConf, given: (key: string) => boolean, strategy: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!given('layout')) out.layout = 'glance';
  if (!given('strategy')) out.strategy = 'lru';
  if (!given('threshold') && !given('min-free')) {
    // cachesweep's size threshold is "at least", Glance prunes when above: at exactly max_size both evict nothing.
    // A max_size of 0 prunes any cache that holds a byte.
    const max = conf.maxSize.value;
    out.threshold = `${Math.max(1, max)}B`;
    const pressure = getStrategy(out.strategy ?? strategy ?? 'age').trigger === 'pressure';
    if (!given('target') && pressure) out.target = `${max}B`;
  }
  if (!given('stale-partial-age')) out['stale-partial-age'] = conf.stallTime.value === 0 ? '0' : `${conf.stallTime.value}s`;
  return out;
}

/** yargs middleware part for --glance-conf FILE / --glance-conf-dir DIR (see applyServiceConfs). */
export function applyGlanceConf(parsed: object, ctx?: ConfigContext): void {
  const argv = parsed as Args & Record<string, unknown>;
  const conf = readGlanceConf(asList(argv.glanceConf), asList(argv.glanceConfDir));
  argv.glanceConfResolved = conf;
  if (argv.cacheDir === undefined || argv.cacheDir === '') {
    if (conf.cacheDir.value === null) {
      throw new UsageError(`--glance-conf: image_cache_dir is not set in ${conf.files.join(', ')} (Glance has no default for it): give the cache directory`);
    }
    argv.cacheDir = conf.cacheDir.value;
    argv['cache-dir'] = conf.cacheDir.value;
  }
  const dflt: Record<string, unknown> = { layout: 'auto', strategy: 'age', 'stale-partial-age': '24h' };
  const values = glanceFlagValues(conf, (k) => givenExplicitly(argv, k, ctx, dflt[k]), argv.strategy);
  for (const [k, v] of Object.entries(values)) {
    argv[k] = v;
    argv[k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  const notes = [...conf.warnings];
  const db = conf.sqliteDb.value;
  if (db !== 'cache.db') {
    // The layout knows cache.db by name; another name is kept (protected) so that it never becomes an entry to evict.
    if (/^[A-Za-z0-9._-]+$/.test(db)) argv.protect = [...asList(argv.protect as string[] | undefined), ...['', '-journal', '-wal', '-shm'].map((s) => `${db}${s}`)];
    else notes.push(`image_cache_sqlite_db = '${db}' (${describeOslo(conf.sqliteDb.source)}) is not a plain file name in the cache directory: protect it with --protect`);
  }
  argv.novaConfNotes = [...(argv.novaConfNotes ?? []), ...notes];
}
