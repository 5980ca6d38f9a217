import { glanceHitProviders } from './glance-hits.js';
import { inUseProviders, type InUseOptions, type InUseTarget } from './in-use-providers.js';
import type { UsageProvider } from './signal.js';
import { openStoreSnapshot } from './store/open.js';
import { readAheadProvider, storeProvider, type StoreRead } from './store/provider.js';
import type { UsageStore } from './store/store.js';

export type { InUseOptions, InUseTarget } from './in-use-providers.js';

/** Where a run's providers look, beyond the in-use target: the tool's state directory and the store a run opened. */
export interface ProviderPlace extends InUseTarget {
  stateDir: string;
  /** The usage store the run opened (for writing, or a snapshot); when absent, providers read a snapshot. */
  store?: UsageStore;
  /** The plan's half-life, when it has one: the store sums decayed uses with it. */
  halfLifeMs?: number;
  /**
   * What a run that writes nothing read of a snapshot of the store before the scan (provider.ts readAhead), with a
   * way to open one again for the rare entry that needs it (null: the run found no store); used when `store` is absent.
   */
  storeRead?: { read: StoreRead; reopen: () => UsageStore | null } | null;
}

/**
 * The usage providers a run consults (in-use detectors, the usage store, layout metadata), chosen from typed
 * options. Each feature adds its providers here; the planner only ever sees the merged Usage.
 */
export function usageProviders(place: ProviderPlace, inUse: InUseOptions, warn: (line: string) => void): UsageProvider[] {
  return [
    ...inUseProviders(place, inUse, warn), // what is in use right now (issue 3)
    ...storeProviders(place), // usage history and pins (issue 4)
    ...glanceProviders(place, inUse, warn), // Glance's hits: cache.db, user.hits attributes, or said to be elsewhere
  ];
}

/**
 * The usage store's provider: the store `clean` opened for writing, or else a read-only snapshot
 * (plan, clean --dry-run, status write nothing and create nothing); none when no store exists yet.
 */
function storeProviders(place: ProviderPlace): UsageProvider[] {
  const o = place.halfLifeMs !== undefined ? { halfLifeMs: place.halfLifeMs } : {};
  if (!place.store && place.storeRead !== undefined) return place.storeRead ? [readAheadProvider(place.storeRead.read, o, place.storeRead.reopen)] : [];
  const store = place.store ?? openStoreSnapshot(place.stateDir);
  return store ? [storeProvider(store, place.root, o)] : [];
}

/**
 * Glance's own hit counts, where its cache driver keeps them: cache.db (read-only), the images' user.hits
 * attributes, or (centralized_db) Glance's database, which is said plainly. glance-api.conf says which driver.
 */
function glanceProviders(place: ProviderPlace, inUse: InUseOptions, warn: (line: string) => void): UsageProvider[] {
  if (place.scan.layout !== 'glance') return [];
  const g = inUse.glance ?? {};
  const said = new Set<string>();
  return glanceHitProviders({
    root: place.root,
    ...(g.driver ? { driver: g.driver } : {}),
    ...(g.sqliteDb !== undefined ? { sqliteDb: g.sqliteDb } : {}),
    warn: (line) => {
      if (!said.has(line)) warn(line);
      said.add(line);
    },
  });
}
