import type { Decision, Entry, EvictReason, Reason, Usage } from '../shared/types.js';
import type { PlannedEntry, UsageAt } from './types.js';

/**
 * A plan's victims in eviction order, each a position in the planner's entries, a reason and a detail (the expired
 * ones share their detail strings: expired-detail.ts), its planned object made when a reader asks for it. As
 * objects, a victim held a planned literal, a usage and a boxed idle time while the plan was made (and its literal was
 * made twice: once when chosen, once numbered), and the usages held that long taught V8 to allocate every usage made
 * after them, the kept rows' of a `--json` included, straight into the old generation: a plan of a million entries
 * and 250,000 victims grew its heap by some 170 MiB of garbage only a full collection frees.
 *
 * A victim the planner already has as an object (an interrupted deletion to finish, a stale partial: few) is held as
 * it is. Read twice, a victim is two equal objects: what must know a victim again goes by its entry, which the scan
 * made once.
 */
export class Victims {
  /** Position in `entries`, or -1 for a victim held as an object (in `whole`). */
  private readonly pos: number[] = [];
  private readonly reasons: EvictReason[] = [];
  private readonly details: (string | undefined)[] = [];
  private readonly whole = new Map<number, PlannedEntry>();

  constructor(
    private readonly entries: readonly Entry[],
    private readonly usageAt: UsageAt,
  ) {}

  get length(): number {
    return this.pos.length;
  }

  /** entries[i] goes next, for `reason`. */
  add(i: number, reason: EvictReason, detail?: string): void {
    this.pos.push(i);
    this.reasons.push(reason);
    this.details.push(detail);
  }

  /** This planned object goes next, as it is (its order set when it is numbered). */
  addPlanned(p: PlannedEntry): void {
    this.whole.set(this.pos.length, p);
    this.pos.push(-1);
    this.reasons.push(p.reason as EvictReason);
    this.details.push(p.detail);
  }

  entry(k: number): Entry {
    const i = this.pos[k]!;
    return i >= 0 ? this.entries[i]! : this.whole.get(k)!.entry;
  }

  /** Keep the first `n` victims only (--max-delete: what follows is kept as `capped`). */
  truncate(n: number): void {
    for (const k of this.whole.keys()) if (k >= n) this.whole.delete(k);
    this.pos.length = Math.min(n, this.pos.length);
    this.reasons.length = this.pos.length;
    this.details.length = this.pos.length;
  }

  /**
   * Victim k as the planner judged it, numbered (`order` k + 1), the fields in the order they always came: entry,
   * usage, idle time, decision, reason, detail when there is one, order. An object held whole is numbered once
   * (number()) and is the same object each time.
   */
  planned(k: number): PlannedEntry {
    const i = this.pos[k]!;
    if (i < 0) return this.whole.get(k)!;
    const { usage, idleMs } = this.usageAt(i);
    return numbered(this.entries[i]!, usage, idleMs, 'evict', this.reasons[k]!, this.details[k], k + 1);
  }

  /** Number the victims held as objects (numberedAs). */
  number(): void {
    for (const [k, v] of this.whole) this.whole.set(k, numberedAs(v, k + 1));
  }

  /** The victims' entries, in order. */
  entryList(): Entry[] {
    return Array.from({ length: this.length }, (_, k) => this.entry(k));
  }

  *[Symbol.iterator](): Generator<PlannedEntry> {
    for (let k = 0; k < this.pos.length; k++) yield this.planned(k);
  }
}

/** Victim `v` numbered: an interrupted deletion's object in place (it is the one its intent names), any other as a new literal. */
export function numberedAs(v: PlannedEntry, order: number): PlannedEntry {
  if (v.interrupted === undefined) return numbered(v.entry, v.usage, v.idleMs, v.decision, v.reason, v.detail, order);
  v.order = order;
  return v;
}

/**
 * A numbered planned entry, `order` in the literal: set afterwards, it went to a property store of its own, about 40
 * bytes more a victim (51,000 victims of 200,000 entries: 2 MiB).
 */
export function numbered(entry: Entry, usage: Usage, idleMs: number, decision: Decision, reason: Reason, detail: string | undefined, order: number): PlannedEntry {
  return detail !== undefined ? { entry, usage, idleMs, decision, reason, detail, order } : { entry, usage, idleMs, decision, reason, order };
}
