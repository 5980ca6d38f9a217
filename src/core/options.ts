import type { PlanOptions, PlannedEntry } from '../plan/types.js';
import type { InUseOptions } from '../usage/in-use-providers.js';
import type { EntryShape } from '../scan/layout.js';
import type { Located, Where } from './locate.js';
import type { CachePlan } from './results.js';

export type { InUseOptions } from '../usage/in-use-providers.js';
export type { Where } from './locate.js';

/**
 * How to look at a cache: plain data, never command-line strings (the CLI turns its flags into this).
 * Every field but `root` has the CLI's default.
 */
export interface CacheOptions extends Where {
  /** Layout name or `auto` (default): which names are entries, partial downloads, or left alone. */
  layout?: string;
  /**
   * Where entries are when not where the layout says: every file at any depth (`{ kind: 'files' }`), or the paths
   * N levels below the root (`{ kind: 'depth', depth: N }`). Default: the layout's own rule.
   */
  entries?: EntryShape;
  /** Max-age per layout class (ms), replacing the layout's own defaults (as --nova-conf gives them). */
  classMaxAgeMs?: Readonly<Record<string, number>>;
  /** Ignore access times (noatime mounts, backups that read every file). Default false. */
  noAtime?: boolean;
  /** What the in-use detectors are told: instance directories, operator lists. */
  inUse?: InUseOptions;
  /**
   * Treat the cache as on storage other hosts clean too, even when that is not detected (network and cluster
   * filesystems and Nova's compute_nodes are): one cleaner across hosts, the lock beside the cache. Default false.
   */
  sharedStorage?: boolean;
  /** Lines reported first among the run's warnings (e.g. what nova.conf says about Nova's own cleaner). */
  notes?: readonly string[];
  /**
   * The clock (ms since the epoch), default Date.now. The plan is made at its value when the scan starts; a clean
   * run records its uses and evictions with it. A fixed clock makes a run reproducible.
   */
  clock?: () => number;
}

/** planCache: how to look, and what to evict. */
export interface PlanCacheOptions extends CacheOptions {
  /** Strategy, trigger, ages, protection, cap: `planOptionsFrom` makes them, with the CLI's defaults, from strings. */
  plan: PlanOptions;
}

/** cleanCache: a plan, applied under the per-cache lock. */
export interface CleanCacheOptions extends PlanCacheOptions {
  /**
   * How long a lock directory left by an older cachesweep (a mkdir lock) may go unrefreshed before it counts as
   * left by a dead run and is removed (ms, default 2 minutes). The lock itself (an fcntl lock the kernel drops when
   * its process dies) never goes stale.
   */
  lockStaleMs?: number;
  /** How long to wait for another run's lock (ms); default 0: LockedError at once. */
  waitMs?: number;
  /** The lock file (default: in the state directory; on shared storage beside the cache). Never inside the cache. */
  lockFile?: string;
}

/** What a caller may watch while the cache is located and scanned. */
export interface ScanHooks {
  /** The root and state directory are valid; nothing is read below the root yet. Throw to stop here. */
  onLocated?: (where: Located) => void;
  /** After each top-level name is measured (for a progress display). */
  onScanProgress?: (done: number, total: number) => void;
}

/** What a caller of cleanCache may watch and steer. Every hook is optional. */
export interface CleanHooks extends ScanHooks {
  /** Lines about the lock (an older cachesweep's dead lock removed). */
  warn?: (line: string) => void;
  /** The plan is made under the lock and nothing is deleted yet (print it here). */
  onPlanned?: (plan: CachePlan) => void;
  /** Awaited once the run is recorded, right before the first deletion. */
  beforeApply?: () => Promise<void>;
  /** Asked before each deletion: a reason to stop now (a signal), or null. */
  stopReason?: () => string | null;
  /** Told after each victim's outcome. */
  onOutcome?: (victim: PlannedEntry, outcome: 'deleted' | 'skipped' | 'failed', detail?: string) => void;
}
