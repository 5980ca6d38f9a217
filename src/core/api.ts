import type { Figures } from '../plan/types.js';
import { diskFigures } from '../sys/disk.js';
import { locate } from './locate.js';
import type { CacheOptions, PlanCacheOptions, ScanHooks } from './options.js';
import { prepare, preparePlan } from './prepare.js';
import { cachePlan, cacheStatusOf, type CachePlan, type CacheStatus } from './results.js';

/**
 * Scan the cache, gather its usage (file times, in-use detectors, the usage store read from a snapshot) and decide
 * every entry. Changes nothing: no file, no time stamp, no store row (what `cachesweep plan` prints).
 */
export async function planCache(options: PlanCacheOptions, hooks: ScanHooks = {}): Promise<CachePlan> {
  const where = locate(options);
  hooks.onLocated?.(where);
  const { prepared, plan } = await preparePlan(where, options, options.plan, hooks);
  return cachePlan(plan, prepared.scan);
}

/** The inventory: every entry with its usage, the cache's size and the disk's figures. Changes nothing. */
export async function cacheStatus(options: CacheOptions, hooks: ScanHooks = {}): Promise<CacheStatus> {
  const where = locate(options);
  hooks.onLocated?.(where);
  const prep = await prepare(where, options, hooks);
  const d = diskFigures(prep.root);
  const figures: Figures = { cacheBytes: prep.scan.cacheBytes, diskUsedBytes: d.usedBytes, diskUsedPercent: d.usedPercent, diskAvailableBytes: d.availableBytes };
  return cacheStatusOf(prep.scan, prep.usage, figures, prep.now, prep.storage, prep.findings, prep.regret);
}
