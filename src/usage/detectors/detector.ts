import type { ScanResult } from '../../shared/types.js';
import type { UsageProvider } from '../signal.js';

/** What a run knows when it picks its in-use detectors: the CLI fills it from the flags and the scan. */
export interface DetectorContext {
  /** Real path of the cache root. */
  root: string;
  scan: ScanResult;
  /** The root is Nova's image cache (the nova layout, or a root named `_base` / `_base_*`). */
  nova: boolean;
  /** Directories holding instance disks (real paths, validated); empty when there are none. */
  instancesDirs: readonly string[];
  /** A disk that cannot be read only warns instead of keeping every entry. */
  ignoreUnreadableDisks: boolean;
  /** `--in-use-from` lists (`-` is standard input). */
  inUseFrom: readonly string[];
  platform: NodeJS.Platform;
  warn: (line: string) => void;
}

/** One in-use detector: a plug-in of the registry (one file each, one line in registry.ts). */
export interface Detector {
  name: string;
  /** One line for `--help` and docs/in-use.md: what makes an entry in use. */
  summary: string;
  /** The provider for this run, or null when the detector does not apply (no instance directories, not Linux, ...). */
  make(ctx: DetectorContext): UsageProvider | null;
}
