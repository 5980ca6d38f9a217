import { performance } from 'node:perf_hooks';
import type { Entry } from '../shared/types.js';
import type { UsageProvider } from './signal.js';

/** Victims one survey covers at most: the victim being checked and those after it, in the order they are deleted. */
export const RECHECK_BATCH = 500;
/**
 * Victims the first survey covers; each next one covers twice as many as the last one answered for (up to the
 * batch). A survey also lists what it covers (a directory victim's inodes, walked afresh): sized to what the last
 * one served, a survey does not walk 500 large directories of which 10 go before it is stale.
 */
export const RECHECK_FIRST = 16;
/**
 * How old a survey may be when a victim it covers goes, at least: a survey is trusted for twice the time it took,
 * and never less than this. Today's bound: docs/safety.md, "Re-check before deletion".
 */
export const RECHECK_FLOOR_MS = 200;

export interface RecheckOptions {
  /** Victims per survey (default RECHECK_BATCH). */
  batch?: number;
  /** The floor of a survey's trusted age (default RECHECK_FLOOR_MS). */
  floorMs?: number;
  /** A monotonic clock in milliseconds (default performance.now): the planner's `now` may be a fixed test time. */
  clock?: () => number;
}

/** One provider's last survey: which victims it covered, what it found, when it began and how long it took. */
interface Survey {
  names: Set<string>;
  /** Victims it answered for. */
  used: number;
  reasons: Map<string, string[]>;
  startedMs: number;
  tookMs: number;
}

/**
 * The re-check before each deletion, at a cost per run rather than per victim times per process: a provider that
 * can (recheckMany: open files, held locks, instance disks, operator lists) surveys a batch of victims in one pass
 * (RECHECK_FIRST, then twice what the last survey served, at most RECHECK_BATCH),
 * and its answer serves each of them while it is fresh: the survey began at most max(2 x its duration, floorMs)
 * before the victim is checked. A victim the survey did not cover, or a stale survey, starts a new one from that
 * victim on. Providers without recheckMany (the store's pins and hits, an instance directory inside one entry: what
 * they read grows with the entry, not with the host) are asked per victim, as before.
 *
 * Per victim today was: every /proc/PID, /proc/locks and every disk's chain once per victim (200 victims on a host
 * of 1,500 processes took 73 s). The window this widens, for what a write lease does not cover, is stated beside
 * the one that exists between a re-check and the unlink (docs/safety.md).
 */
export class Rechecker {
  private readonly batch: number;
  private readonly floorMs: number;
  private readonly clock: () => number;
  private readonly order = new Map<string, number>();
  private readonly surveys = new Map<UsageProvider, Survey>();
  /** Surveys made, for the benchmark and the tests: per provider name. */
  readonly surveysMade = new Map<string, number>();

  constructor(
    private readonly providers: readonly UsageProvider[],
    private readonly victims: readonly Entry[],
    o: RecheckOptions = {},
  ) {
    this.batch = Math.max(1, o.batch ?? RECHECK_BATCH);
    this.floorMs = o.floorMs ?? RECHECK_FLOOR_MS;
    this.clock = o.clock ?? (() => performance.now());
    victims.forEach((v, i) => this.order.set(v.name, i));
  }

  /**
   * Why this victim must stay now, or null. `leased`: the deletion will hold a write lease on it (a file entry),
   * so the providers the lease proves (open files) are not asked.
   */
  async check(entry: Entry, now: number, leased = false): Promise<string | null> {
    const reasons: string[] = [];
    for (const p of this.providers) {
      if (leased && p.leaseCovers) continue;
      if (p.recheckMany) reasons.push(...(await this.fromSurvey(p, entry, now)));
      else if (p.recheck) reasons.push(...(await p.recheck(entry, now)));
    }
    return reasons.length > 0 ? `still in use: ${reasons.join('; ')}` : null;
  }

  private async fromSurvey(p: UsageProvider, entry: Entry, now: number): Promise<string[]> {
    let s = this.surveys.get(p);
    const t = this.clock();
    if (!s || !s.names.has(entry.name) || t - s.startedMs > Math.max(2 * s.tookMs, this.floorMs)) {
      const at = this.order.get(entry.name);
      const size = Math.min(this.batch, s ? Math.max(RECHECK_FIRST, 2 * s.used) : RECHECK_FIRST);
      const entries = at === undefined ? [entry] : this.victims.slice(at, at + size);
      const reasons = await p.recheckMany!(entries, now);
      s = { names: new Set(entries.map((e) => e.name)), used: 0, reasons, startedMs: t, tookMs: this.clock() - t };
      this.surveys.set(p, s);
      this.surveysMade.set(p.name, (this.surveysMade.get(p.name) ?? 0) + 1);
    }
    s.used++;
    return s.reasons.get(entry.name) ?? [];
  }
}
