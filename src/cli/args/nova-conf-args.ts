import { readNovaConf } from '../../config/nova-conf.js';
import { UsageError } from '../../shared/errors.js';
import { NOVA_ORIGINAL_CLASSES, NOVA_RESIZED_CLASSES } from '../../scan/layouts/nova.js';
import { asList, type InUseArgs } from './flags-in-use.js';

/** The arguments --nova-conf fills in: what yargs parsed, plus the names it knows the positional and layout by. */
type Args = InUseArgs & { cacheDir?: string; 'cache-dir'?: string; layout?: string; instancesDir?: string | string[]; 'instances-dir'?: string | string[] };

/**
 * yargs middleware: with --nova-conf FILE, take from nova.conf what the command line did not say: the cache
 * directory (instances_path/subdirectory_name), the instances directory, the layout (nova), and the ages of
 * originals (also swap, ephemeral) and resized images. Flags given explicitly win. A bad file is a usage error.
 */
export function applyNovaConf(parsed: object): void {
  const argv = parsed as Args;
  if (argv.novaConf === undefined) return;
  // yargs gives a flag given twice as a list, which was reported as "cannot be read (ERR_INVALID_ARG_TYPE)".
  if (Array.isArray(argv.novaConf)) throw new UsageError('--nova-conf: give it once (one nova.conf)');
  const conf = readNovaConf(argv.novaConf);
  if (argv.cacheDir === undefined || argv.cacheDir === '') {
    argv.cacheDir = conf.cacheDir;
    argv['cache-dir'] = conf.cacheDir;
  }
  if (asList(argv.instancesDir).length === 0) {
    argv.instancesDir = [conf.instancesPath];
    argv['instances-dir'] = [conf.instancesPath];
  }
  if (argv.layout === undefined || argv.layout === 'auto') argv.layout = 'nova';
  const ages: Record<string, number> = {};
  if (conf.originalMaxAgeMs !== undefined) for (const c of NOVA_ORIGINAL_CLASSES) ages[c] = conf.originalMaxAgeMs;
  if (conf.resizedMaxAgeMs !== undefined) for (const c of NOVA_RESIZED_CLASSES) ages[c] = conf.resizedMaxAgeMs;
  argv.classMaxAgeMs = ages;
  argv.novaConfNotes = conf.removeUnusedBaseImages
    ? [
        `${conf.file}: remove_unused_base_images is on (Nova's default), so Nova's own periodic cleaner deletes base images too; set it to False in [image_cache] when cachesweep does this job`,
      ]
    : [];
}
