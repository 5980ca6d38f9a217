import { describeInterval, novaCleanerRuns, readNovaConf, ageMs, type NovaConf } from '../../config/nova-conf.js';
import { describeOslo } from '../../config/oslo-conf.js';
import { UsageError } from '../../shared/errors.js';
import { NOVA_ORIGINAL_CLASSES, NOVA_RESIZED_CLASSES } from '../../scan/layouts/nova.js';
import type { ConfigContext } from './config-middleware.js';
import { givenExplicitly } from './explicit-flags.js';
import { asList, type InUseArgs } from './flags-in-use.js';
import { applyGlanceConf } from './glance-conf-args.js';

/** The arguments --nova-conf fills in: what yargs parsed, plus the names it knows the positional and layout by. */
type Args = InUseArgs & { cacheDir?: string; 'cache-dir'?: string; layout?: string; instancesDir?: string | string[]; 'instances-dir'?: string | string[] };

/** What an operator should hear about Nova's own cleaner, given the effective nova.conf. */
export function novaCleanerNote(conf: NovaConf): string[] {
  if (!novaCleanerRuns(conf)) return [];
  const r = conf.removeUnusedBaseImages;
  const m = conf.managerInterval;
  return [
    `Nova's own cleaner deletes base images too: remove_unused_base_images is on (${describeOslo(r.source)}) and its image cache manager runs ${describeInterval(m.value)} (manager_interval, ${describeOslo(m.source)}); set [image_cache] remove_unused_base_images = False when cachesweep does this job`,
  ];
}

/**
 * yargs middleware: with --nova-conf FILE (and --nova-conf-dir DIR), read Nova's configuration as nova-compute
 * reads it and take what the command line did not say: the cache directory (instances_path/subdirectory_name), the
 * instances directory, the layout (nova), and the ages of originals (also swap, ephemeral) and resized images.
 * Flags given explicitly win. A bad file is a usage error. Then the same for --glance-conf.
 */
export function applyServiceConfs(parsed: object, ctx?: ConfigContext): void {
  const argv = parsed as Args;
  const files = asList(argv.novaConf);
  const dirs = asList(argv.novaConfDir);
  const glance = asList(argv.glanceConf).length + asList(argv.glanceConfDir).length > 0;
  if (files.length + dirs.length > 0 && glance) {
    throw new UsageError('--nova-conf and --glance-conf: one cache a run; give the configuration of the service whose cache this is');
  }
  if (glance) return applyGlanceConf(parsed, ctx);
  if (files.length + dirs.length === 0) return;
  const conf = readNovaConf(files, dirs);
  argv.novaConfResolved = conf;
  if (argv.cacheDir === undefined || argv.cacheDir === '') {
    argv.cacheDir = conf.cacheDir;
    argv['cache-dir'] = conf.cacheDir;
  }
  if (asList(argv.instancesDir).length === 0) {
    argv.instancesDir = [conf.instancesPath.value];
    argv['instances-dir'] = [conf.instancesPath.value];
  }
  if (!givenExplicitly(argv as Record<string, unknown>, 'layout', ctx, 'auto')) argv.layout = 'nova';
  const ages: Record<string, number> = {};
  for (const c of NOVA_ORIGINAL_CLASSES) ages[c] = ageMs(conf.originalMinAge.value);
  for (const c of NOVA_RESIZED_CLASSES) ages[c] = ageMs(conf.resizedMinAge.value);
  argv.classMaxAgeMs = ages;
  argv.novaConfNotes = [...conf.warnings, ...novaCleanerNote(conf)];
}
