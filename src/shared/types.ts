/**
 * Shared types at the bottom of the import graph: scan, usage, policy, plan,
 * apply and report all import from here and from nowhere above them.
 */

/** What a cache entry is on disk (of the top-level node, never followed). */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other';

/** Identity of an entry when it was scanned; the re-check before deletion compares against it. */
export interface Fingerprint {
  dev: number;
  ino: number;
  kind: EntryKind;
  /** Apparent bytes summed over the entry's files. */
  apparentBytes: number;
  /** Newest mtime inside the entry (ms since epoch). */
  mtimeMs: number;
  /** Number of nodes (files, dirs, links) inside the entry, itself included. */
  nodes: number;
}

/** One unit of eviction, as the scanner found it. No decisions here. */
export interface Entry {
  /** Path relative to the cache root, with `/` separators. */
  name: string;
  /** Absolute path. */
  path: string;
  kind: EntryKind;
  /** Layout class, e.g. `file`, `dir`, `partial` (generic) or `original`, `resized` (nova). */
  class: string;
  /** A partial (half-downloaded) file: kept unless stale. */
  partial: boolean;
  /** Not something the layout knows how to evict (symlinks, strict-layout unknowns, mount points). */
  unknown: boolean;
  /** Why the entry is unknown, when it is. */
  unknownWhy?: string;
  /** Idle time after which the `age` strategy expires this entry, when the layout has its own default. */
  defaultMaxAgeMs?: number;
  /** The layout says this entry is expired whatever its age (e.g. Glance's invalid/): why. */
  expiredWhy?: string;
  /** The layout says the software that writes such entries reads each one itself right after (see WriterCheck). */
  writerCheck?: WriterCheck;
  /**
   * Bytes the entry holds that an eviction can free: allocated blocks, once per inode; 0 for inodes with a link outside
   * the cache. An inode whose other links are in other entries counts here in full (see `link`): it is freed only when
   * every entry holding it goes, which the planner accounts for once per group.
   */
  bytes: number;
  /** Set when the entry shares hard-linked inodes with other entries of the cache (all of whose links are in the cache). */
  link?: EntryLink;
  /** Allocated bytes of the entry, counted once per inode, whether or not they would be freed. */
  allocatedBytes: number;
  apparentBytes: number;
  /** Newest mtime / atime of the files inside (ms since epoch). Directory atimes are never used. */
  mtimeMs: number;
  atimeMs: number;
  fingerprint: Fingerprint;
  /** Problems met while scanning inside the entry (unreadable subdirectories, ...). */
  warnings: string[];
}

/**
 * A read the cache's own software makes of a new entry right after writing it (Nova inspects every image it
 * downloads): under relatime it moves the atime past the mtime, so an entry nobody has used looks read once. A read
 * no later than `withinMs` after the last write is that check, not a use (src/plan/arrival.ts).
 */
export interface WriterCheck {
  withinMs: number;
  /** Who reads, for the plan's detail: "Nova's inspection of its download". */
  what: string;
}

/** An entry's place in a hard-link group. */
export interface EntryLink {
  /** Index of the group in ScanResult.linkGroups. */
  group: number;
  /** Bytes of inodes wholly inside this entry: freed when it goes, whatever the rest of the group does. */
  privateBytes: number;
}

/**
 * Entries that share inodes through hard links. An inode's blocks are freed only when every entry holding one of its
 * names is evicted (its other links being inside the cache, or it would be in no group).
 */
export interface LinkGroup {
  /** Entry names, in scan order. */
  members: string[];
  /** The shared inodes: their allocated bytes and the entries that hold a name of each. */
  inodes: { bytes: number; holders: string[] }[];
}

/** Timed uses summed where they are kept: how many, and their weights at the plan's time with this half-life. */
export interface DecayedUses {
  halfLifeMs: number;
  uses: number;
  weight: number;
}

/** Usage signals of one entry, merged from file times, detectors and the store. */
export interface Usage {
  /** Newest of mtime, atime (unless disabled), last recorded hit, last seen in use (ms since epoch). */
  lastUsedMs: number;
  /** Recorded uses. */
  hits: number;
  /** Times of recorded uses (ms), newest last, when known: lets strategies decay hits. */
  hitTimesMs?: number[];
  /**
   * Uses whose times stay where they are kept (the usage store sums them there: a store of a million hits is not read
   * as a million times), each weighted 2^(-age / halfLifeMs) at the plan's time, oldest first; only read with that
   * half-life (policy/frequency.ts). `uses` of the `hits` are these.
   */
  decayed?: DecayedUses;
  firstSeenMs?: number;
  /**
   * When a source saw the entry arrive, at the latest: a run of this root that found it where an earlier run had
   * not (usage store), or Glance's caching time. Unlike firstSeenMs, absent for an entry that was already there when
   * cachesweep first looked: the day after a first run, an image that has sat unread for a month did not just
   * arrive. What --warm-grace and --pin-new count from when it is later than the mtime (src/plan/arrival.ts).
   */
  arrivedByMs?: number;
  /**
   * Times cachesweep evicted this name and it came back (usage store): each one a wrong eviction, a "ghost hit".
   * Absent when the store has no eviction of the name.
   */
  refetches?: number;
  /** When this entry is such a return: how long after the eviction it came back (ms; the longest it can have been). */
  returnGapMs?: number;
  /** Reasons the entry is in use right now; empty when it is not. */
  inUse: string[];
  pinned: boolean;
  /** With `pinned`: when the last pin ends (absent: a pin without end, or not pinned). */
  pinnedUntilMs?: number;
}

/**
 * Usages by entry name that can also answer by position: `over(entries)` gives the usage of entries[i] when the map
 * was made for that very array (usage/entry-usage.ts), else undefined. A reader of every entry in order then asks by
 * position, not by name.
 */
export interface UsageByPosition extends ReadonlyMap<string, Usage> {
  over(entries: readonly Entry[]): ((i: number) => Usage) | undefined;
}

/** Filesystem figures, as `df` computes them (root-reserved blocks excluded). */
export interface DiskFigures {
  /** used = (blocks - bfree) * bsize */
  usedBytes: number;
  /** bavail * bsize */
  availableBytes: number;
  /** used / (used + available) * 100 */
  usedPercent: number;
}

export type Decision = 'evict' | 'keep';

/** `interrupted`: an earlier run began to delete it and did not finish (its decision stands; see plan/interrupted.ts). */
/** `requested`: named (or matched, or --all) by `cachesweep evict`, and nothing keeps it safe. */
export type EvictReason = 'interrupted' | 'expired' | 'over-threshold' | 'requested';
export type KeepReason =
  | 'in-use'
  | 'pinned'
  | 'protected'
  | 'too-young'
  | 'partial'
  | 'unknown'
  | 'below-threshold'
  | 'target-met'
  | 'not-expired'
  /** Shares hard-linked files with an entry that stays: evicting it would free none of them. */
  | 'linked'
  /** Would have been evicted, but --max-delete capped this run. */
  | 'capped'
  /** Arrived less than --warm-grace ago and never used since (a pre-cached image): not yet a victim of any strategy. */
  | 'warm'
  /** `cachesweep evict` did not name it (nor match it): a manual eviction leaves it alone, whatever its age. */
  | 'not-requested'
  /** Not matched by any --include glob: not a candidate of this run. */
  | 'excluded';
export type Reason = EvictReason | KeepReason;

/** Every reason, evict's first and then keep's, in the order the documents list them (plan-schema.ts, plan/rows.ts's codes). */
export const EVICT_REASONS = ['interrupted', 'expired', 'over-threshold', 'requested'] as const satisfies readonly EvictReason[];
export const KEEP_REASONS = [
  'in-use',
  'pinned',
  'protected',
  'too-young',
  'partial',
  'unknown',
  'below-threshold',
  'target-met',
  'not-expired',
  'linked',
  'capped',
  'warm',
  'not-requested',
  'excluded',
] as const satisfies readonly KeepReason[];

export const KEEP_FOR_SAFETY: readonly KeepReason[] = ['in-use', 'pinned', 'protected', 'too-young', 'partial', 'unknown'];

/** What a scan of the cache root found. */
export interface ScanResult {
  /** Real path of the cache root. */
  root: string;
  /** Name of the layout used to classify entries. */
  layout: string;
  entries: Entry[];
  /** Allocated bytes under the root, each inode counted once. */
  cacheBytes: number;
  /** Hard-link groups (empty when no two entries share an inode); Entry.link points into it. */
  linkGroups: LinkGroup[];
  /** Problems met while scanning, one line each. */
  warnings: string[];
  /**
   * What the scan could not read (not a race with a deletion: ENOENT is not here), one per problem: the entry it
   * belongs to, the path relative to the root, the errno code. Such an entry is kept (`unknown`); the run exits 4.
   */
  unreadable: Unreadable[];
  /**
   * Containers the entry shape made (`--entries files`, `--depth N`, a layout's sharding; not the layout's own
   * directories nor those it keeps), relative to the root: a clean removes those it leaves empty.
   */
  prunable?: readonly string[];
  /** Children of the root entered as containers (the layout's, or the entry shape's): looked at by the wrong-root check. */
  topContainers?: readonly string[];
  /** What the scan learnt inside each directory entry, by entry name (absent for file entries). */
  dirFacts?: ReadonlyMap<string, DirFacts>;
}

/** What the scan saw inside one directory entry while it listed it (names and inodes: nothing opened). */
export interface DirFacts {
  /** Inode numbers of every node inside, the directory itself included, all on the entry's device. */
  inodes: readonly number[];
  /** The first directory inside (`.` for the entry itself) that looks like a Nova instance, and why. */
  instance?: { at: string; why: string };
  /** The entry looks like a Glance image cache (incomplete/, invalid/, queue/, cache.db). */
  glanceCache: boolean;
}

/** A path the scan could not read. */
export interface Unreadable {
  entry: string;
  path: string;
  error: string;
}
