import type { ScanResult } from '../shared/types.js';
import { glanceDbProvider, hasGlanceDb } from '../usage/glance-db.js';
import type { UsageProvider } from '../usage/signal.js';
import { openStoreSnapshot } from '../usage/store/open.js';
import { storeProvider } from '../usage/store/provider.js';
import type { Located } from './located.js';

/**
 * The usage store's provider: the store `clean` opened for writing, or else a read-only snapshot
 * (plan, clean --dry-run, status write nothing and create nothing); none when no store exists yet.
 */
export function storeProviders(where: Located): UsageProvider[] {
  const store = where.store ?? openStoreSnapshot(where.stateDir);
  return store ? [storeProvider(store, where.root)] : [];
}

/** Glance's own cache.db, read-only, when the cache is a Glance cache that has one. */
export function glanceProviders(where: Located, scan: ScanResult): UsageProvider[] {
  return scan.layout === 'glance' && hasGlanceDb(where.root) ? [glanceDbProvider(where.root)] : [];
}
