import type { Storage } from '../scan/storage.js';
import type { UsageStore } from '../usage/store/store.js';

/** The cache root and the tool's state directory, validated (by pipeline.locate). */
export interface Located {
  root: string;
  rootDev: number;
  stateDir: string;
  /** The usage store, when the command opened it for writing (clean); otherwise providers read a snapshot. */
  store?: UsageStore;
  /** Where the cache lives, when the command looked before the scan (clean, to place its lock). */
  storage?: Storage;
  /** Warnings met before the scan (shared storage, the lock): reported with the scan's. */
  warnings?: string[];
}
