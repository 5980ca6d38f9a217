import type { ScanResult } from '../shared/types.js';
import type { UsageProvider } from '../usage/signal.js';
import type { StatusArgs } from './args/flags.js';
import type { Located } from './located.js';
import { glanceProviders, storeProviders } from './usage-store.js';
import { inUseProviders } from './providers-in-use.js';

/**
 * The usage providers a run consults (in-use detectors, the usage store, layout metadata), chosen from the flags.
 * Each feature adds its providers here; the planner only ever sees the merged Usage.
 */
export async function buildProviders(args: StatusArgs, where: Located, scan: ScanResult): Promise<UsageProvider[]> {
  return [
    ...inUseProviders(args, where, scan), // what is in use right now (issue 3)
    ...storeProviders(where), // usage history and pins (issue 4)
    ...glanceProviders(where, scan), // Glance's cache.db hits and last access (issue 4)
  ];
}
