import { forFlag } from '../../config/flag-errors.js';
import { UsageError } from '../../shared/errors.js';
import type { CacheOptions, InUseOptions, Where } from '../../core/options.js';
import { describeOslo } from '../../config/oslo-conf.js';
import { layoutByName } from '../../scan/layouts/index.js';
import type { ConfiguredCache } from '../../scan/wrong-root.js';
import { clockFrom } from './clock.js';
import type { CacheDirArg, StatusArgs } from './flags.js';
import { asList, type InUseArgs } from './flags-in-use.js';

/**
 * The library core's options from parsed flags: the one place flag strings become the core's plain data
 * (planning flags go through planOptionsFrom, which words every problem for its flag).
 */
export function cacheOptionsFrom(args: StatusArgs): CacheOptions {
  if (args.layout.toLowerCase() !== 'auto') forFlag('--layout', () => layoutByName(args.layout));
  return {
    ...whereFrom(args),
    configuredCaches: configuredCaches(args),
    layout: args.layout,
    ...entryShapeFrom(args),
    ...(args.classMaxAgeMs ? { classMaxAgeMs: args.classMaxAgeMs } : {}),
    noAtime: !args.atime,
    inUse: {
      instancesDirs: asList(args.instancesDir),
      ignoreUnreadableDisks: args.ignoreUnreadableDisks,
      inUseFrom: asList(args.inUseFrom),
      ...glanceFrom(args),
    },
    sharedStorage: args.sharedStorage === true,
    notes: args.novaConfNotes ?? [],
    clock: clockFrom(args),
  };
}

/** The image caches --nova-conf and --glance-conf name: the root must not be above one of them. */
function configuredCaches(args: InUseArgs): ConfiguredCache[] {
  const out: ConfiguredCache[] = [];
  const nova = args.novaConfResolved;
  if (nova) {
    const said = `instances_path and subdirectory_name as ${nova.files.join(', ')} set them`;
    out.push({ service: 'nova', cacheDir: nova.cacheDir, instancesPath: nova.instancesPath.value, said });
  }
  const dir = args.glanceConfResolved?.cacheDir;
  if (dir && dir.value !== null) out.push({ service: 'glance', cacheDir: dir.value, said: `image_cache_dir: ${describeOslo(dir.source)}` });
  return out;
}

/** Deepest --depth taken: far below any cache's sharding, and a bound on what a typo (--depth 22222) can ask. */
export const MAX_DEPTH = 64;

/** --entries files or --depth N as the scan's entry shape (none: the layout's own). */
function entryShapeFrom(args: Pick<StatusArgs, 'entries' | 'depth'>): Pick<CacheOptions, 'entries'> {
  const depth = args.depth;
  if (args.entries !== undefined && depth !== undefined) throw new UsageError('--entries and --depth: give one, not both');
  if (args.entries !== undefined) {
    if (args.entries !== 'files') throw new UsageError(`--entries: '${String(args.entries)}' is not files`);
    return { entries: { kind: 'files' } };
  }
  if (depth === undefined) return {};
  const n = /^[1-9][0-9]{0,2}$/.test(depth) ? Number(depth) : NaN;
  if (!(n <= MAX_DEPTH)) throw new UsageError(`--depth: '${depth}' is not a whole number from 1 to ${MAX_DEPTH}`);
  return { entries: { kind: 'depth', depth: n } };
}

/** What --glance-conf said of Glance's cache driver, for the Glance hit providers. */
function glanceFrom(args: InUseArgs): Pick<InUseOptions, 'glance'> {
  const conf = args.glanceConfResolved;
  if (!conf) return {};
  return { glance: { driver: { name: conf.effectiveDriver, said: describeOslo(conf.driver.source) }, sqliteDb: conf.sqliteDb.value } };
}

/** The cache directory and the state directory as given (the core's locate checks them). */
export function whereFrom(args: CacheDirArg & { stateDir?: string | undefined; iKnowThisIsASystemDirectory?: boolean | undefined }): Where {
  return {
    root: args.cacheDir ?? '',
    ...(args.stateDir !== undefined ? { stateDir: args.stateDir } : {}),
    ...(args.iKnowThisIsASystemDirectory === true ? { allowSystemDirectory: true } : {}),
  };
}
