import type { Candidate } from '../policy/strategy.js';
import type { Entry, KeepReason, Usage, UsageByPosition } from '../shared/types.js';
import { appearedMs, isoSec, warmFor } from './arrival.js';
import { finishInterrupted, keptInterrupted } from './interrupted.js';
import type { PlanInput, PlannedEntry, PlanOptions, UsageAt } from './types.js';
import { KeptCodes, planned } from './rows.js';
import { numberedAs } from './victims.js';


/**
 * Is the entry pinned at `now`, and until when: a pin in the store (`cachesweep pin`, ended ones already left out by
 * the store), or a --pin-new glob counted from when the entry appeared. The detail ('' for a pin without end), or null.
 */
export function pinnedFor(entry: Entry, usage: Usage, opts: Pick<PlanOptions, 'pinNew'>, now: number): string | null {
  if (usage.pinned) return usage.pinnedUntilMs === undefined ? '' : `until ${isoSec(usage.pinnedUntilMs)}`;
  let best: { untilMs: number; glob: string } | null = null;
  for (const p of opts.pinNew ?? []) {
    if (!p.matches(entry.name)) continue;
    const untilMs = appearedMs(entry, usage) + p.forMs;
    if (untilMs > now && (best === null || untilMs > best.untilMs)) best = { untilMs, glob: p.spec };
  }
  return best && `until ${isoSec(best.untilMs)} (--pin-new '${best.glob}', from when it appeared)`;
}

/** An entry's usage when no signal was merged for it: its file times alone. */
export function fileTimesUsage(entry: Entry): Usage {
  return { lastUsedMs: Math.max(entry.mtimeMs, entry.atimeMs), hits: 0, inUse: [], pinned: false };
}

/** A candidate and its position in input.entries (strategies return the objects they are given, reordered). */
export interface Placed extends Candidate {
  readonly at: number;
}

/**
 * Candidates that hold only their position: the entry, its usage and its idle time are read from the planner's input
 * when a strategy asks. As literals, each eligible entry held a candidate, its usage and a boxed idle time (about 150
 * bytes) while the strategy ranked them, long enough to be promoted to the old generation: 250 MiB of garbage at a
 * million candidates. A usage is made again from the columns when asked (the last one is kept: a strategy's key
 * reads several of its fields in a row), the same usage safetyFirst judged (plan/rows.ts makes a kept row's alike).
 */
function candidatesOf(input: Pick<PlanInput, 'entries' | 'now'>, usageOf: (i: number) => Usage): (at: number) => Placed {
  const { entries, now } = input;
  let lastAt = -1;
  let last: Usage | undefined;
  const usageAt = (at: number): Usage => {
    if (at !== lastAt) {
      last = usageOf(at);
      lastAt = at;
    }
    return last!;
  };
  class AtPosition implements Placed {
    constructor(readonly at: number) {}
    get entry(): Entry {
      return entries[this.at]!;
    }
    get usage(): Usage {
      return usageAt(this.at);
    }
    get idleMs(): number {
      return Math.max(0, now - usageAt(this.at).lastUsedMs);
    }
  }
  return (at) => new AtPosition(at);
}

/** What step 1 of the planner leaves: kept entries by position, victims it already knows, and the eligible rest. */
export interface SafetySorted {
  kept: KeptCodes;
  stale: PlannedEntry[];
  resumed: PlannedEntry[];
  eligible: Placed[];
}

/**
 * Step 1 for every entry: kept for safety, an interrupted deletion to finish, a stale partial or layout-expired
 * victim, or eligible. `maxAgeOf`: the age that expires an entry in this run, if any (it ends a warm grace). Kept
 * entries as codes by their position in input.entries, so that they come out in name order without a sort.
 */
export function safetyFirst(input: PlanInput, opts: PlanOptions, maxAgeOf: (entry: Entry) => number | undefined = () => undefined): SafetySorted {
  const kept = new KeptCodes(input.entries.length);
  const stale: PlannedEntry[] = [];
  const resumed: PlannedEntry[] = [];
  const eligible: Placed[] = [];
  const usageOf = usageReader(input);
  const candidate = candidatesOf(input, usageOf);
  for (let i = 0; i < input.entries.length; i++) {
    const entry = input.entries[i]!;
    const usage = usageOf(i);
    const idleMs = Math.max(0, input.now - usage.lastUsedMs);
    let reason: KeepReason | undefined;
    let detail: string | undefined;
    let pin: string | null;
    let warm: string | null;
    const broken = input.interrupted?.get(entry.name);
    if (usage.inUse.length > 0) {
      reason = 'in-use';
      detail = usage.inUse.join('; ');
    } else if ((pin = pinnedFor(entry, usage, opts, input.now)) !== null) {
      reason = 'pinned';
      if (pin !== '') detail = pin;
    } else if (opts.isProtected(entry.name)) reason = 'protected';
    else if (entry.unknown) {
      reason = 'unknown';
      detail = entry.unknownWhy;
    } else if (broken) resumed.push(finishInterrupted(entry, usage, idleMs, broken));
    else if (opts.isIncluded && !opts.isIncluded(entry.name)) reason = 'excluded';
    else if (entry.expiredWhy !== undefined) {
      if (idleMs >= opts.minAgeMs) stale.push(planned(entry, usage, idleMs, 'evict', 'expired', entry.expiredWhy));
      else reason = 'too-young';
    } else if (entry.partial) {
      if (idleMs >= Math.max(opts.stalePartialAgeMs, opts.minAgeMs)) stale.push(planned(entry, usage, idleMs, 'evict', 'expired', 'stale partial download'));
      else reason = 'partial';
    } else if (idleMs < opts.minAgeMs) reason = 'too-young';
    else if ((warm = warmFor(entry, usage, opts, input.now, maxAgeOf(entry))) !== null) {
      reason = 'warm';
      detail = warm;
    } else {
      eligible.push(candidate(i));
    }
    if (reason === undefined) continue;
    if (broken) kept.keepPlanned(i, keptInterrupted(planned(entry, usage, idleMs, 'keep', reason, detail), broken));
    else kept.keep(i, reason, detail);
  }
  return { kept, stale, resumed, eligible };
}

/**
 * The usage and idle time of input.entries[i] as safetyFirst judged them, asked again: for a kept entry's planned
 * object, made when a reader asks for it (plan/rows.ts).
 */
export function usageAtOf(input: Pick<PlanInput, 'entries' | 'usage' | 'now'>): UsageAt {
  const usageOf = usageReader(input);
  return (i) => {
    const usage = usageOf(i);
    return { usage, idleMs: Math.max(0, input.now - usage.lastUsedMs) };
  };
}

/**
 * The usage of input.entries[i], or what its file times say when no signal was merged for it: by position when the
 * usages were merged for these very entries (then made from their columns), else by name.
 */
function usageReader(input: Pick<PlanInput, 'entries' | 'usage'>): (i: number) => Usage {
  const at = (input.usage as Partial<UsageByPosition>).over?.(input.entries);
  if (at) return at;
  const byName = inEntryOrder(input.usage);
  return (i) => byName(input.entries[i]!.name) ?? fileTimesUsage(input.entries[i]!);
}


/**
 * `usage.get`, for names asked in the map's own order (mergeUsage fills it in entry order): then each answer is the
 * map's next item, read in sequence instead of hashed and looked up; at the first other name, plain lookups.
 */
export function inEntryOrder(usage: ReadonlyMap<string, Usage>): (name: string) => Usage | undefined {
  let it: Iterator<[string, Usage]> | undefined = usage.entries();
  return (name) => {
    if (it) {
      const next = it.next();
      if (!next.done && next.value[0] === name) return next.value[1];
      it = undefined;
    }
    return usage.get(name);
  };
}

/** Number victims held as objects in eviction order (`order`, from 1), as Victims.number() does (a manual plan's). */
export function numberVictims(victims: PlannedEntry[]): void {
  for (let i = 0; i < victims.length; i++) victims[i] = numberedAs(victims[i]!, i + 1);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
