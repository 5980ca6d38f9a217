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
  refetches?: number;
  returnGapMs?: number;
  inUse?: string[];
  pinned?: boolean;
  /** With `pinned`: when the pin ends (absent: until unpinned). */
  pinnedUntilMs?: number;
}

/** A source of usage evidence. Detectors and stores implement it; the CLI chooses which run. */
export interface UsageProvider {
  readonly name: string;
  /** Evidence about every entry, gathered once before planning. */
  collect(entries: readonly Entry[], now: number): Promise<UsageSignal[]> | UsageSignal[];
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
