import type { ScanResult } from '../shared/types.js';
import { describeOslo } from '../config/oslo-conf.js';
import { glanceHitProviders } from '../usage/glance-hits.js';
import type { UsageProvider } from '../usage/signal.js';
import { openStoreSnapshot } from '../usage/store/open.js';
import { storeProvider } from '../usage/store/provider.js';
import type { InUseArgs } from './flags-in-use.js';
import type { Located } from './located.js';

/**
 * The usage store's provider: the store `clean` opened for writing, or else a read-only snapshot
 * (plan, clean --dry-run, status write nothing and create nothing); none when no store exists yet.
 */
export function storeProviders(where: Located): UsageProvider[] {
  const store = where.store ?? openStoreSnapshot(where.stateDir);
  return store ? [storeProvider(store, where.root)] : [];
}

/**
 * Glance's own hit counts, where its cache driver keeps them: cache.db (read-only), the images' user.hits
 * attributes, or (centralized_db) Glance's database, which is said plainly. glance-api.conf says which driver.
 */
export function glanceProviders(args: InUseArgs, where: Located, scan: ScanResult): UsageProvider[] {
  if (scan.layout !== 'glance') return [];
  const conf = args.glanceConfResolved;
  return glanceHitProviders({
    root: where.root,
    ...(conf ? { driver: { name: conf.effectiveDriver, said: describeOslo(conf.driver.source) }, sqliteDb: conf.sqliteDb.value } : {}),
    warn: (line) => {
      if (!scan.warnings.includes(line)) scan.warnings.push(line);
    },
  });
}
