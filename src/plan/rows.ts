import { KEEP_REASONS, type Decision, type Entry, type KeepReason, type Reason, type Usage } from '../shared/types.js';
import { namesAscending } from '../shared/name-order.js';
import type { EntryRows, PlannedEntry, UsageAt } from './types.js';
import { Victims } from './victims.js';

/**
 * A plan's entries without an object per kept entry. A kept entry's decision is a reason code and, for the few that
 * have one, a detail; its planned object (entry, usage, idle time, reason) is made when a reader asks for it, from
 * the scan's entry and the usage the plan was given. As objects, 200k kept entries held a planned object, a boxed
 * idle time and the usage it pointed at for as long as the plan lived (about 200 bytes an entry, most of what a plan
 * added to the scan), where a `--json` writes each once and lets it go.
 */

const CODE: ReadonlyMap<KeepReason, number> = new Map(KEEP_REASONS.map((r, k) => [r, k + 1])); // 0: not kept
/** A kept entry whose planned object is held whole (it carries more than a reason and a detail: an interrupted deletion). */
const WHOLE = 255;


/** Kept decisions by position in the planner's entries: 0 for an entry that is not kept (or not yet decided). */
export class KeptCodes {
  private readonly code: Uint8Array;
  private readonly details = new Map<number, string>();
  private readonly whole = new Map<number, PlannedEntry>();
  private count = 0;

  constructor(n: number) {
    this.code = new Uint8Array(n);
  }

  keep(i: number, reason: KeepReason, detail?: string): void {
    if (this.code[i] === 0) this.count++;
    this.code[i] = CODE.get(reason)!;
    // (a delete from an empty map, twice for each of a million kept entries, was a tenth of the planner's time)
    if (detail !== undefined) this.details.set(i, detail);
    else if (this.details.size !== 0) this.details.delete(i);
    if (this.whole.size !== 0) this.whole.delete(i);
  }

  /** Keep entry i as this planned object, as it is. */
  keepPlanned(i: number, p: PlannedEntry): void {
    if (this.code[i] === 0) this.count++;
    this.code[i] = WHOLE;
    this.whole.set(i, p);
    this.details.delete(i);
  }

  /** The planned object of kept entry i: the same fields, in the same order, as the planner made them. */
  planned(i: number, entry: Entry, at: UsageAt): PlannedEntry {
    if (this.code[i] === WHOLE) return this.whole.get(i)!;
    const { usage, idleMs } = at(i);
    return planned(entry, usage, idleMs, 'keep', KEEP_REASONS[this.code[i]! - 1]!, this.details.get(i));
  }

  /**
   * Positions of the kept entries sorted by name (then, for equal names, by position). The scan gives entries in
   * name order, which one pass confirms; only another order costs a sort.
   */
  inNameOrder(entries: readonly Entry[]): Int32Array {
    const out = new Int32Array(this.count);
    let k = 0;
    if (namesAscending(entries)) {
      for (let i = 0; i < entries.length; i++) if (this.code[i] !== 0) out[k++] = i;
      return out;
    }
    const byName = Array.from({ length: entries.length }, (_, i) => i).sort((a, b) => cmpNames(entries[a]!.name, entries[b]!.name) || a - b);
    for (const i of byName) if (this.code[i] !== 0) out[k++] = i;
    return out;
  }
}

/** A planned entry; `detail` only when there is one. */
export function planned(entry: Entry, usage: Usage, idleMs: number, decision: Decision, reason: Reason, detail?: string): PlannedEntry {
  return detail !== undefined ? { entry, usage, idleMs, decision, reason, detail } : { entry, usage, idleMs, decision, reason };
}

const cmpNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Kept entries of one list of entries, at the positions `order` gives, in that order. */
export interface KeptRun {
  entries: readonly Entry[];
  order: Int32Array;
  codes: KeptCodes;
  usageAt: UsageAt;
}

type Segment = readonly PlannedEntry[] | KeptRun | Victims;
const isRun = (s: Segment): s is KeptRun => !Array.isArray(s) && !(s instanceof Victims);
const lengthOf = (s: Segment): number => (isRun(s) ? s.order.length : s.length);

/**
 * A plan's entries in its order (victims, what the cap held back, the kept by name), some as objects, some as
 * victims by position (plan/victims.ts) and some as kept codes: `at(k)` and iteration make a victim's or a kept
 * entry's object when it is asked for (a new one each time).
 */
export class PlanRows implements EntryRows {
  readonly length: number;

  constructor(
    private readonly segments: readonly Segment[],
    /** How many of the first rows are victims (they are objects); null: not known, every row is looked at. */
    private readonly victimCount: number | null,
  ) {
    this.length = segments.reduce((n, s) => n + lengthOf(s), 0);
  }

  at(k: number): PlannedEntry | undefined {
    if (!Number.isInteger(k) || k < 0) return undefined;
    for (const s of this.segments) {
      const n = lengthOf(s);
      if (k < n) return isRun(s) ? plannedOf(s, k) : s instanceof Victims ? s.planned(k) : s[k];
      k -= n;
    }
    return undefined;
  }

  *[Symbol.iterator](): Generator<PlannedEntry> {
    for (const s of this.segments) {
      if (!isRun(s)) yield* s;
      else for (let k = 0; k < s.order.length; k++) yield plannedOf(s, k);
    }
  }

  /** The victims, in eviction order (the plan's first rows): not a walk of every kept entry after them. */
  victims(): PlannedEntry[] {
    return [...this.eachVictim()];
  }

  /** victims(), one at a time: a reader that only counts them does not hold them all at once. */
  *eachVictim(): Generator<PlannedEntry> {
    if (this.victimCount === null) {
      for (const p of this) if (p.decision === 'evict') yield p;
      return;
    }
    let n = 0;
    for (const p of this) {
      if (n++ === this.victimCount) return;
      yield p;
    }
  }

  /** Every row as an object (what Plan.entries holds once someone reads it). */
  toArray(): PlannedEntry[] {
    return [...this];
  }
}

function plannedOf(run: KeptRun, k: number): PlannedEntry {
  const i = run.order[k]!;
  return run.codes.planned(i, run.entries[i]!, run.usageAt);
}

/** A plan's entries to walk: its rows, or for a plan without them (a copy, a literal) its array. */
export function planRows(plan: { entries: readonly PlannedEntry[]; rows?: EntryRows | undefined }): EntryRows {
  return plan.rows ?? new PlanRows([plan.entries], null);
}
