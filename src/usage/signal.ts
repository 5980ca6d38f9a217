import type { StoredState } from '../policy/state.js';
import type { Entry } from '../shared/types.js';

/**
 * One piece of usage evidence about an entry, from one source (file times, a detector, the store).
 * `name: null` applies to every entry (e.g. "an instance disk could not be read: treat everything as in use").
 */
export interface UsageSignal {
  name: string | null;
  lastUsedMs?: number;
  hits?: number;
  hitTimesMs?: number[];
  firstSeenMs?: number;
  inUse?: string[];
  pinned?: boolean;
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
