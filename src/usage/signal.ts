import type { StoredState } from '../policy/state.js';
import type { DecayedUses, Entry } from '../shared/types.js';

/**
 * One piece of usage evidence about an entry, from one source (file times, a detector, the store).
 * `name: null` applies to every entry (e.g. "an instance disk could not be read: treat everything as in use").
 */
export interface UsageSignal {
  name: string | null;
  lastUsedMs?: number;
  hits?: number;
  hitTimesMs?: number[];
  decayed?: DecayedUses;
  firstSeenMs?: number;
  arrivedByMs?: number;
  refetches?: number;
  returnGapMs?: number;
  inUse?: string[];
  pinned?: boolean;
  /** With `pinned`: when the pin ends (absent: until unpinned). */
  pinnedUntilMs?: number;
}

/**
 * The usage store's rows for the entries it was collected for, as columns read by entry position: the signal each
 * entry with a row stands for (rowSignal) without an object per entry. At 200,000 entries those signals were 200,000
 * objects promoted to the old generation before the merge and garbage after it (benchmarks.md). In a collected list a
 * block counts as those signals, in entry order, at its place in the list.
 */
export interface UsageRows {
  readonly kind: 'rows';
  /** The entries collect was given: `rowOf` is by their position (a merge of other entries reads it by name). */
  readonly entries: readonly Entry[];
  /** The row of entries[i], or -1. */
  readonly rowOf: Int32Array;
  readonly firstSeenMs: ArrayLike<number>;
  /** Uses of the row (none: 0, and then its lastUseMs and weight mean nothing). */
  readonly uses: ArrayLike<number>;
  readonly lastUseMs: ArrayLike<number>;
  /** With a half-life: the decayed weight of the row's uses at the plan's time (policy/frequency.ts). */
  readonly weight?: ArrayLike<number>;
  readonly halfLifeMs?: number;
  /** When the root's first run started (null: none yet): a row first seen after it arrived by then. */
  readonly firstRunMs: number | null;
}

/** What a provider's collect gives: signals, and from the usage store one block of rows. */
export type Collected = UsageSignal | UsageRows;

export const isRows = (c: Collected): c is UsageRows => (c as Partial<UsageRows>).kind === 'rows';

/**
 * The signal row k of a block stands for: first seen, arrival, and its uses (counted, latest, decayed). Made in one
 * literal of the usual fields (a field added later costs each signal a second store for its fields). Found by a later
 * run than the first, the entry arrived between two runs; seen by the first run (or touched before it), it was there
 * before cachesweep looked, however recent its first_seen.
 */
export function rowSignal(b: UsageRows, name: string, k: number): UsageSignal {
  const firstSeenMs = b.firstSeenMs[k]!;
  const uses = b.uses[k]!;
  const s: UsageSignal = uses > 0 ? { name, firstSeenMs, hits: uses, lastUsedMs: b.lastUseMs[k]! } : { name, firstSeenMs };
  const weight = rowWeight(b, k);
  if (weight !== undefined) s.decayed = { halfLifeMs: b.halfLifeMs!, uses, weight };
  const arrivedByMs = rowArrival(b, firstSeenMs);
  if (arrivedByMs !== undefined) s.arrivedByMs = arrivedByMs;
  return s;
}

/** Row k's decayed weight: only for a row with uses, with a half-life. (Also read by the merge's columns.) */
export const rowWeight = (b: UsageRows, k: number): number | undefined => (b.uses[k]! > 0 && b.weight ? b.weight[k]! : undefined);

/** When a row first seen at `firstSeenMs` arrived by, if it arrived since the root's first run. (Also read by the merge's columns.) */
export const rowArrival = (b: UsageRows, firstSeenMs: number): number | undefined => (b.firstRunMs !== null && firstSeenMs > b.firstRunMs ? firstSeenMs : undefined);

/** A collected list as plain signals, each block as the signals of its rows in its place (a reference, and the merge's path for names met twice). */
export function asSignals(list: readonly Collected[]): UsageSignal[] {
  const out: UsageSignal[] = [];
  for (const c of list) {
    if (!isRows(c)) out.push(c);
    else for (let i = 0; i < c.entries.length; i++) if (c.rowOf[i]! >= 0) out.push(rowSignal(c, c.entries[i]!.name, c.rowOf[i]!));
  }
  return out;
}

/** A source of usage evidence. Detectors and stores implement it; the CLI chooses which run. */
export interface UsageProvider {
  readonly name: string;
  /** Evidence about every entry, gathered once before planning (the usage store's mostly as one block of rows). */
  collect(entries: readonly Entry[], now: number): Promise<Collected[]> | Collected[];
  /**
   * Fresh evidence about one victim, right before its deletion: reasons it must stay now
   * (in use, pinned, ...), or an empty list. Providers that only know history may omit it.
   */
  recheck?(entry: Entry, now: number): Promise<string[]> | string[];
  /**
   * The same question for many victims in one pass (one walk of /proc, one read of /proc/locks, one walk of the
   * instance disks): name -> reasons, victims free to go absent. A provider whose cost grows with the host
   * (processes, locks, disks) gives it, so that a run's re-checks cost per batch, not per victim times per process.
   */
  recheckMany?(entries: readonly Entry[], now: number): Promise<Map<string, string[]>> | Map<string, string[]>;
  /**
   * What this provider checks is proved by a write lease the deletion holds on a file entry (the kernel grants it
   * only while no other descriptor or mapping of the inode exists): it is not asked for such a victim.
   */
  readonly leaseCovers?: boolean;
  /** A provider that keeps strategies' state between runs (the usage store): one strategy's, for these entries. */
  readState?(strategy: string, entries: readonly Entry[]): StoredState;
}

/** The stored state of a strategy that keeps one, from the provider that keeps it; undefined when none does. */
export function readStoredState(providers: readonly UsageProvider[], strategy: string, entries: readonly Entry[]): StoredState | undefined {
  return providers.find((p) => p.readState)?.readState!(strategy, entries);
}

/** Ask every provider again about one victim; the reasons it must stay, joined, or null when it may go. */
export async function recheckProviders(providers: readonly UsageProvider[], entry: Entry, now: number): Promise<string | null> {
  const reasons: string[] = [];
  for (const p of providers) if (p.recheck) reasons.push(...(await p.recheck(entry, now)));
  return reasons.length > 0 ? `still in use: ${reasons.join('; ')}` : null;
}
