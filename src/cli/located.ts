import type { UsageStore } from '../usage/store/store.js';

/** The cache root and the tool's state directory, validated (by pipeline.locate). */
export interface Located {
  root: string;
  rootDev: number;
  stateDir: string;
  /** The usage store, when the command opened it for writing (clean); otherwise providers read a snapshot. */
  store?: UsageStore;
}
