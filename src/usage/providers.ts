import { glanceDbProvider, hasGlanceDb } from './glance-db.js';
import { inUseProviders, type InUseOptions, type InUseTarget } from './in-use-providers.js';
import type { UsageProvider } from './signal.js';
import { openStoreSnapshot } from './store/open.js';
import { storeProvider } from './store/provider.js';
import type { UsageStore } from './store/store.js';

export type { InUseOptions, InUseTarget } from './in-use-providers.js';

/** Where a run's providers look, beyond the in-use target: the tool's state directory and the store a run opened. */
export interface ProviderPlace extends InUseTarget {
  stateDir: string;
  /** The usage store, when the run opened it for writing (clean); otherwise providers read a snapshot. */
  store?: UsageStore;
}

/**
 * The usage providers a run consults (in-use detectors, the usage store, layout metadata), chosen from typed
 * options. Each feature adds its providers here; the planner only ever sees the merged Usage.
 */
export function usageProviders(place: ProviderPlace, inUse: InUseOptions, warn: (line: string) => void): UsageProvider[] {
  return [
    ...inUseProviders(place, inUse, warn), // what is in use right now (issue 3)
    ...storeProviders(place), // usage history and pins (issue 4)
    ...glanceProviders(place), // Glance's cache.db hits and last access (issue 4)
  ];
}

/**
 * The usage store's provider: the store `clean` opened for writing, or else a read-only snapshot
 * (plan, clean --dry-run, status write nothing and create nothing); none when no store exists yet.
 */
function storeProviders(place: ProviderPlace): UsageProvider[] {
  const store = place.store ?? openStoreSnapshot(place.stateDir);
  return store ? [storeProvider(store, place.root)] : [];
}

/** Glance's own cache.db, read-only, when the cache is a Glance cache that has one. */
function glanceProviders(place: ProviderPlace): UsageProvider[] {
  return place.scan.layout === 'glance' && hasGlanceDb(place.root) ? [glanceDbProvider(place.root)] : [];
}
