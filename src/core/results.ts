import type { Figures, Plan, PlannedEntry, PlanTrigger } from '../plan/types.js';
import type { RegretSummary } from '../shared/regret.js';
import type { Storage } from '../scan/storage.js';
import type { Entry, ScanResult, Unreadable, Usage } from '../shared/types.js';
import type { RunFindings } from '../usage/interrupted.js';
import { planRows } from '../plan/rows.js';

/**
 * What a run of the library returns. Figures come as fields; entries only through count, at(i) and iteration,
 * never as an array: a million-entry plan will be held in columns and streamed (one object per entry is what
 * runs out of memory there), and a caller that indexes or iterates keeps working when it is.
 */
export interface EntryList<T> extends Iterable<T> {
  /** Number of entries. */
  readonly count: number;
  /** The i-th entry (0-based), in the list's order; undefined outside 0..count-1. */
  at(i: number): T | undefined;
}

/** A plan's totals: entries, what is evicted and kept (count, bytes), the shortfall, what --max-delete held back. */
export type PlanSummary = Plan['summary'];

/** planCache's and cleanCache's plan: every entry of the cache with one decision and its reason. */
export interface CachePlan extends EntryList<PlannedEntry> {
  readonly root: string;
  readonly layout: string;
  readonly strategy: string;
  /** The time the plan was made for (ms since the epoch). */
  readonly now: number;
  readonly trigger: PlanTrigger;
  readonly before: Figures;
  /** The figures once every victim is deleted. */
  readonly after: Figures;
  readonly summary: PlanSummary;
  readonly notes: readonly string[];
  /** Problems met while scanning and detecting, one line each. */
  readonly warnings: readonly string[];
  /** Paths the scan could not read; their entries are kept (the CLI exits 4). */
  readonly unreadable: readonly Unreadable[];
  /** Where the cache lives: shared storage (and why), the lock file a clean run held. */
  readonly storage: Storage | undefined;
  /** Victims in eviction order (the order of the list starts with them). */
  victims(): IterableIterator<PlannedEntry>;
  /** What the usage store recorded of past evictions and of the entries that came back after one (none without a store). */
  readonly regret: RegretSummary | undefined;
}

/** One entry of a status: what the scan found and its merged usage. */
export interface StatusEntry {
  entry: Entry;
  usage: Usage;
}

/** cacheStatus's inventory: entries by name with their usage, and the cache's and the disk's figures. */
export interface CacheStatus extends EntryList<StatusEntry> {
  readonly root: string;
  readonly layout: string;
  readonly now: number;
  readonly figures: Figures;
  readonly warnings: readonly string[];
  readonly unreadable: readonly Unreadable[];
  /** Where the cache lives: shared storage or not, and why. */
  readonly storage: Storage;
  /** What the usage store recorded of past evictions and of the entries that came back after one (none without a store). */
  readonly regret: RegretSummary | undefined;
}

/** A CachePlan over today's array of planned entries. */
class ArrayPlan implements CachePlan {
  constructor(
    readonly plan: Plan,
    readonly warnings: readonly string[],
    readonly unreadable: readonly Unreadable[],
  ) {}
  get root(): string { return this.plan.root; }
  get layout(): string { return this.plan.layout; }
  get strategy(): string { return this.plan.strategy; }
  get now(): number { return this.plan.now; }
  get trigger(): PlanTrigger { return this.plan.trigger; }
  get before(): Figures { return this.plan.before; }
  get after(): Figures { return this.plan.after; }
  get summary(): PlanSummary { return this.plan.summary; }
  get notes(): readonly string[] { return this.plan.notes; }
  get storage(): Storage | undefined { return this.plan.storage; }
  get regret(): RegretSummary | undefined { return this.plan.regret; }
  get count(): number { return planRows(this.plan).length; }
  at(i: number): PlannedEntry | undefined {
    return planRows(this.plan).at(i);
  }
  *[Symbol.iterator](): IterableIterator<PlannedEntry> {
    yield* planRows(this.plan);
  }
  *victims(): IterableIterator<PlannedEntry> {
    // Victims come first (Plan.entries' order): stop at the first kept entry instead of walking a million.
    for (const e of planRows(this.plan)) {
      if (e.decision !== 'evict') return;
      yield e;
    }
  }
}

export function cachePlan(plan: Plan, scan: Pick<ScanResult, 'warnings' | 'unreadable'>): CachePlan {
  return new ArrayPlan(plan, scan.warnings, scan.unreadable);
}

/**
 * The planner's Plan behind a CachePlan, for the renderers inside this package (they take a Plan today). Not
 * part of the public API: it is what changes when plans are held in columns.
 */
export function planOf(p: CachePlan): Plan {
  if (!(p instanceof ArrayPlan)) throw new TypeError('planOf: not a plan made by this package');
  return p.plan;
}

/** A CacheStatus over a scan and its usage map. */
class ScanStatus implements CacheStatus {
  constructor(
    readonly scan: ScanResult,
    readonly usage: ReadonlyMap<string, Usage>,
    readonly figures: Figures,
    readonly now: number,
    readonly storage: Storage,
    readonly findings: RunFindings,
    readonly regret: RegretSummary | undefined,
  ) {}
  get root(): string { return this.scan.root; }
  get layout(): string { return this.scan.layout; }
  get warnings(): readonly string[] { return this.scan.warnings; }
  get unreadable(): readonly Unreadable[] { return this.scan.unreadable; }
  get count(): number { return this.scan.entries.length; }
  at(i: number): StatusEntry | undefined {
    const entry = Number.isInteger(i) && i >= 0 ? this.scan.entries[i] : undefined;
    return entry && { entry, usage: this.usage.get(entry.name)! };
  }
  *[Symbol.iterator](): IterableIterator<StatusEntry> {
    for (const entry of this.scan.entries) yield { entry, usage: this.usage.get(entry.name)! };
  }
}

export function cacheStatusOf(
  scan: ScanResult,
  usage: ReadonlyMap<string, Usage>,
  figures: Figures,
  now: number,
  storage: Storage,
  findings: RunFindings,
  regret?: RegretSummary,
): CacheStatus {
  return new ScanStatus(scan, usage, figures, now, storage, findings, regret);
}

/**
 * The scan, usage and store findings (interrupted deletions, runs that did not finish) behind a CacheStatus, for the
 * status renderers inside this package. Not public.
 */
export function statusOf(s: CacheStatus): { scan: ScanResult; usage: ReadonlyMap<string, Usage>; findings: RunFindings } {
  if (!(s instanceof ScanStatus)) throw new TypeError('statusOf: not a status made by this package');
  return { scan: s.scan, usage: s.usage, findings: s.findings };
}
