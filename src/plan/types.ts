import type { RegretSummary } from '../shared/regret.js';
import type { StoredState } from '../policy/state.js';
import type { StateValues } from '../policy/strategy.js';
import type { Storage } from '../scan/storage.js';
import type { Decision, DiskFigures, Entry, LinkGroup, Reason, Usage } from '../shared/types.js';

/** What starts pressure eviction and where it stops. Values: percent (0-100] or bytes. */
export type TriggerSpec =
  | { kind: 'percent'; threshold: number; target: number }
  | { kind: 'size'; threshold: number; target: number }
  | { kind: 'min-free'; threshold: number; target: number }
  | { kind: 'none' };

/** `--max-delete`: at most this many entries, or this many bytes, are evicted per run. */
export type DeleteCap = { entries: number } | { bytes: number };

export interface PlanOptions {
  /** Strategy name or alias (see policy/registry). */
  strategy: string;
  trigger: TriggerSpec;
  /** `--max-age` when given: eligible entries idle at least this long expire, whatever the strategy. */
  maxAgeMs?: number;
  /** Max-age the `age` strategy uses when `--max-age` is not given and the layout has no class default. */
  defaultMaxAgeMs: number;
  /** Grace period: nothing idle for less is evicted. */
  minAgeMs: number;
  /** Partial downloads idle at least this long are evicted as expired. */
  stalePartialAgeMs: number;
  /** Protected entries (e.g. compiled --protect globs). Pure. */
  isProtected: (name: string) => boolean;
  /** `--include`: when set, only entries it accepts are candidates; the rest are kept as `excluded`. Pure. */
  isIncluded?: (name: string) => boolean;
  halfLifeMs?: number;
  /** Victims beyond this cap, in eviction order, are kept as `capped`. */
  maxDelete?: DeleteCap;
  /** `--warm-grace`: an entry that arrived less than this ago and was never used since is kept (`warm`); 0 or absent: no such rule. */
  warmGraceMs?: number;
  /** `--pin-new GLOB=DURATION`: an entry matching GLOB is pinned for DURATION from when it appeared (plan/safety.ts). */
  pinNew?: readonly PinNew[];
  /**
   * A manual eviction (`cachesweep evict`): the selected entries are the victims, unless what keeps any entry safe
   * holds one back; the strategy, the trigger, max-age and the cap play no part (plan/manual.ts).
   */
  selection?: Selection;
}

/** One `--pin-new` rule. */
export interface PinNew {
  /** As given: `GLOB=DURATION`. */
  spec: string;
  matches: (name: string) => boolean;
  forMs: number;
}

/** What `cachesweep evict` asks for: entries by name, by glob, or every entry a clean could ever delete. */
export interface Selection {
  /** Entry names relative to the root, as `pin` takes them. */
  names: readonly string[];
  /** `--match` globs, each with its matcher (compiled as --protect's). */
  globs: readonly { glob: string; matches: (name: string) => boolean }[];
  /** `--all`: every entry. */
  all: boolean;
  /** `--force-young`: `too-young` does not hold a selected entry back (nothing else is overridden). */
  forceYoung: boolean;
}

/** Inputs of the planner, all gathered before it runs. */
export interface PlanInput {
  root: string;
  layout: string;
  entries: readonly Entry[];
  usage: ReadonlyMap<string, Usage>;
  cacheBytes: number;
  disk: DiskFigures;
  now: number;
  /** Hard-link groups from the scan (ScanResult.linkGroups); none when absent. */
  linkGroups?: readonly LinkGroup[];
  /** What the usage store recorded of past evictions and returns (none without a store): the plan carries it for its reports. */
  regret?: RegretSummary;
  /** Where the cache lives (shared storage or not): carried to the plan for its reports, never decided on. */
  storage?: Storage;
  /** Entries an earlier run began to delete and did not finish, by name (from the usage store's intents); none when absent. */
  interrupted?: ReadonlyMap<string, InterruptedDeletion>;
  /** The state of a strategy that keeps one (policy/strategy.ts StrategyState), from the usage store; absent: none stored. */
  state?: StoredState;
}

/**
 * A deletion an earlier run began and did not finish (killed, crashed, power lost): it recorded its intent, and the
 * entry is still there with the same device and inode but fewer nodes. That run's decision stands: the entry is
 * evicted as `interrupted` unless it is now in use, pinned, protected or unknown.
 */
export interface InterruptedDeletion {
  /** The run that began it (null when the store does not say). */
  runId: number | null;
  /** When that run recorded its intent (ms since the epoch), just before the deletion began. */
  sinceMs: number;
  /** Why that run evicted it (`expired`, `over-threshold`, or `interrupted` when it was finishing one itself). */
  reason: string;
  /** The strategy that run used. */
  strategy: string;
  /** Nodes (files, directories, links) the entry held when that run planned it; it holds fewer now. */
  plannedNodes: number;
}

export interface PlannedEntry {
  entry: Entry;
  usage: Usage;
  idleMs: number;
  decision: Decision;
  reason: Reason;
  /** More words on the reason (which process, which glob, why unknown...). */
  detail?: string;
  /** 1-based position in the eviction order, for victims. */
  order?: number;
  /** Set when an earlier run began to delete this entry and did not finish, whatever this plan decides. */
  interrupted?: InterruptedDeletion;
}

/** The usage of entries[i] and its idle time, as the planner judged it (plan/safety.ts). */
export type UsageAt = (i: number) => { usage: Usage; idleMs: number };

/** A plan's entries in its order, each made into its object when read (plan/rows.ts PlanRows). */
export interface EntryRows extends Iterable<PlannedEntry> {
  readonly length: number;
  at(k: number): PlannedEntry | undefined;
  /** The victims, in eviction order. */
  victims(): PlannedEntry[];
  /** The victims, in eviction order, one at a time. */
  eachVictim(): Iterable<PlannedEntry>;
}

export interface Figures {
  cacheBytes: number;
  diskUsedBytes: number;
  diskUsedPercent: number;
  diskAvailableBytes: number;
}

export interface PlanTrigger {
  kind: 'percent' | 'size' | 'min-free' | 'expiry' | 'none';
  threshold: number | null;
  target: number | null;
  reached: boolean;
  /** Max-age in seconds, when something expires by age. */
  maxAgeSeconds: number | null;
}

export interface Plan {
  root: string;
  layout: string;
  strategy: string;
  now: number;
  trigger: PlanTrigger;
  before: Figures;
  after: Figures;
  /** Victims in eviction order first, then what --max-delete held back (in that order), then kept entries by name. */
  entries: PlannedEntry[];
  /**
   * The same entries as rows, kept entries made into objects only when read (plan/rows.ts): what a reader of every
   * entry walks (planRows). Absent from a plan not made by the planner (a copy, a test's literal), and dropped when
   * `entries` is set.
   */
  readonly rows?: EntryRows;
  /** The scan's hard-link groups: what evicting part of a group frees is computed from them (plan/links.ts). */
  linkGroups: readonly LinkGroup[];
  /** Where the cache lives, as the run found it (absent when the caller did not look). */
  storage?: Storage;
  summary: {
    entries: number;
    evictCount: number;
    evictBytes: number;
    keepCount: number;
    keepBytes: number;
    shortfallBytes: number;
    /** With --max-delete: what the cap held back, entries that would otherwise have been evicted (0 when none). */
    cappedCount?: number;
    cappedBytes?: number;
  };
  notes: string[];
  /**
   * Set for a manual eviction: `byName` when the operator named (or matched) the entries, so that one held back is
   * a failure of the run (exit 4); false for --all, which asks for whatever may go.
   */
  selection?: { byName: boolean };
  /** PlanInput.regret, as given. */
  regret?: RegretSummary;
  /** Present when the strategy keeps state between runs: what a clean run of this plan leaves for the next one. */
  state?: PlanState;
}

/** The state a plan ranked with, and the state it leaves (pure: the run recorder stores it after a clean). */
export interface PlanState {
  before: StateValues;
  /** The state after deleting `deleted` (victims of this plan, in deletion order): failed or skipped victims do not count. */
  after(deleted: readonly PlannedEntry[]): StateValues;
}
