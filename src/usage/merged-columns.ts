import type { DecayedUses, Usage } from '../shared/types.js';

/**
 * The in-use reasons of an entry nothing holds: one frozen array for all of them. An empty array per entry was 32
 * bytes of 200k entries' usage that nothing ever writes (a usage is read-only once merged).
 */
export const NOT_IN_USE: string[] = Object.freeze([]) as unknown as string[];

const DECAYED_KEYS = 'halfLifeMs,uses,weight';

/**
 * Merged usages kept as columns by entry position, each Usage made when asked (`at`). A Usage object per entry was
 * about 100 bytes of each of 200,000 entries (the object, its boxed last use and first seen) held for the plan's whole
 * life, where the columns take 8 to 48. NaN in a column of an optional field: absent. What the columns cannot say (in
 * use, pinned, returns, hit times, a NaN where a field is present, a decayed sum of other uses than the hits) is kept
 * as the Usage itself, for the few entries that have it.
 */
export class MergedColumns {
  readonly lastUsedMs: Float64Array;
  /** Absent while every entry has no hits. */
  private hits: Float64Array | undefined;
  private firstSeenMs: Float64Array | undefined;
  private arrivedByMs: Float64Array | undefined;
  /** With `weight` the decayed sum, whose uses are the hits; NaN: no decayed sum. */
  private halfLifeMs: Float64Array | undefined;
  private weight: Float64Array | undefined;
  private readonly rare = new Map<number, Usage>();
  /** 1 where `rare` has the entry: a byte read instead of a hash lookup per usage made (a plan with one pin asked it 200,000 times). */
  private isRareAt: Uint8Array | undefined;

  constructor(readonly size: number) {
    this.lastUsedMs = new Float64Array(size);
  }

  /** The entry's usage is its file times alone. */
  times(i: number, lastUsedMs: number): void {
    this.lastUsedMs[i] = lastUsedMs;
  }

  /**
   * The usage of file times `t` and one store row's signal (signal.ts rowSignal) merged, as merging that signal into
   * the times gives it, without either object. False when a value does not fit the columns (NaN where a field must be
   * present): the caller merges it as objects.
   */
  row(i: number, t: number, firstSeenMs: number, uses: number, lastUseMs: number, decayed: { halfLifeMs: number; weight: number } | undefined, arrivedByMs: number | undefined): boolean {
    if (firstSeenMs !== firstSeenMs || (decayed && decayed.halfLifeMs !== decayed.halfLifeMs) || arrivedByMs !== arrivedByMs) return false;
    this.lastUsedMs[i] = uses > 0 && lastUseMs > t ? lastUseMs : t;
    if (uses > 0) this.hitsCol()[i] = uses;
    this.firstSeenCol()[i] = firstSeenMs;
    if (decayed) this.decay(i, decayed.halfLifeMs, decayed.weight);
    if (arrivedByMs !== undefined) this.arrivedCol()[i] = arrivedByMs;
    return true;
  }

  /** A usage merged as an object: into the columns when they can say all of it, else kept as it is. */
  put(i: number, u: Usage): void {
    const d = u.decayed;
    const plain =
      u.inUse === NOT_IN_USE &&
      !u.pinned &&
      u.hitTimesMs === undefined &&
      u.refetches === undefined &&
      u.returnGapMs === undefined &&
      u.pinnedUntilMs === undefined &&
      (u.firstSeenMs === undefined || u.firstSeenMs === u.firstSeenMs) &&
      (u.arrivedByMs === undefined || u.arrivedByMs === u.arrivedByMs) &&
      (d === undefined || (d.halfLifeMs === d.halfLifeMs && Object.is(d.uses, u.hits) && Object.keys(d).join() === DECAYED_KEYS));
    // Kept in the column for a rare usage too: lastUsedMsAt answers every entry without making its usage.
    this.lastUsedMs[i] = u.lastUsedMs;
    if (!plain) {
      this.rare.set(i, u);
      (this.isRareAt ??= new Uint8Array(this.size))[i] = 1;
      return;
    }
    if (!Object.is(u.hits, 0)) this.hitsCol()[i] = u.hits;
    if (u.firstSeenMs !== undefined) this.firstSeenCol()[i] = u.firstSeenMs;
    if (d) this.decay(i, d.halfLifeMs, d.weight);
    if (u.arrivedByMs !== undefined) this.arrivedCol()[i] = u.arrivedByMs;
  }

  /**
   * The usage of entry i, made now: deep-equal to the one the merge made as an object, its fields in the same order
   * (a JSON text of it is the same), `hits` a small integer when it is one (a double `hits` was a boxed field).
   */
  at(i: number): Usage {
    if (this.isRareAt?.[i]) return this.rare.get(i)!;
    const lastUsedMs = this.lastUsedMs[i]!;
    let hits = this.hits ? this.hits[i]! : 0;
    if (hits === (hits | 0)) hits |= 0;
    const firstSeenMs = this.firstSeenMs ? this.firstSeenMs[i]! : NaN;
    const halfLifeMs = this.halfLifeMs ? this.halfLifeMs[i]! : NaN;
    const arrivedByMs = this.arrivedByMs ? this.arrivedByMs[i]! : NaN;
    const inUse = NOT_IN_USE;
    const pinned = false;
    // The merge's literals, so that the fields come in its order: decayed after first seen, arrival after both.
    let u: Usage;
    if (firstSeenMs !== firstSeenMs) {
      u = { lastUsedMs, hits, inUse, pinned };
      if (halfLifeMs === halfLifeMs) u.decayed = this.decayedAt(i, halfLifeMs);
    } else if (halfLifeMs === halfLifeMs) u = { lastUsedMs, hits, inUse, pinned, firstSeenMs, decayed: this.decayedAt(i, halfLifeMs) };
    else u = { lastUsedMs, hits, inUse, pinned, firstSeenMs };
    if (arrivedByMs === arrivedByMs) u.arrivedByMs = arrivedByMs;
    return u;
  }

  private decayedAt(i: number, halfLifeMs: number): DecayedUses {
    return { halfLifeMs, uses: this.hits ? this.hits[i]! : 0, weight: this.weight![i]! };
  }

  private decay(i: number, halfLifeMs: number, weight: number): void {
    this.halfLifeMs ??= new Float64Array(this.size).fill(NaN);
    this.weight ??= new Float64Array(this.size);
    this.halfLifeMs[i] = halfLifeMs;
    this.weight[i] = weight;
  }

  private hitsCol(): Float64Array {
    return (this.hits ??= new Float64Array(this.size));
  }

  private firstSeenCol(): Float64Array {
    return (this.firstSeenMs ??= new Float64Array(this.size).fill(NaN));
  }

  private arrivedCol(): Float64Array {
    return (this.arrivedByMs ??= new Float64Array(this.size).fill(NaN));
  }
}
