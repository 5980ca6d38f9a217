import type { UsageProvider } from '../signal.js';
import { backingChains } from './backing-chains.js';
import type { Detector, DetectorContext } from './detector.js';
import { heldLocks } from './held-locks.js';
import { instanceDirs } from './instance-dirs.js';
import { openFiles } from './open-files.js';
import { operatorList } from './operator-list.js';

/** Every in-use detector, in the order they are asked. A new detector is one file plus one line here. */
export const DETECTORS: readonly Detector[] = [backingChains, instanceDirs, openFiles, heldLocks, operatorList];

export function detectorNames(): string[] {
  return DETECTORS.map((d) => d.name);
}

/** The providers of the detectors that apply to this run. */
export function detectorsFor(ctx: DetectorContext): UsageProvider[] {
  return DETECTORS.flatMap((d) => d.make(ctx) ?? []);
}
