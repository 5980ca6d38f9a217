import { forFlag } from '../../config/flag-errors.js';
import type { CacheOptions, InUseOptions, Where } from '../../core/options.js';
import { describeOslo } from '../../config/oslo-conf.js';
import { layoutByName } from '../../scan/layouts/index.js';
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
    layout: args.layout,
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
