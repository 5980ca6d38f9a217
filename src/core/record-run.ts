import type { Applied } from '../apply/apply.js';
import type { Plan, PlannedEntry } from '../plan/types.js';
import { gdsfPriority } from '../policy/gdsf.js';
import type { RankContext } from '../policy/strategy.js';
import { finishRun, recordEviction, recordRun } from '../usage/store/write.js';
import type { UsageStore } from '../usage/store/store.js';

/**
 * What a clean run writes to the usage store (a dry run writes nothing and never gets here):
 * the run and every entry it saw (with in-use observations) before the first deletion, each eviction
 * right after it happened, and at the end the run's outcome and the GDSF L it leaves behind.
 */
export class RunRecorder {
  private runId: number | null = null;
  private failure: Error | null = null;
  private gdsfL: number | undefined;

  constructor(
    private readonly store: UsageStore,
    private readonly root: string,
    private readonly clock: () => number,
    private readonly rank: RankContext,
  ) {}

  /** Before anything is deleted. Throws (locked, corrupt store): the run then deletes nothing. */
  start(plan: Plan): void {
    const seen = plan.entries.map((p) => ({
      name: p.entry.name,
      dev: p.entry.fingerprint.dev,
      ino: p.entry.fingerprint.ino,
      kind: p.entry.kind,
      bytes: p.entry.bytes,
      apparentBytes: p.entry.apparentBytes,
      inUse: p.usage.inUse,
      mtimeMs: p.entry.mtimeMs,
    }));
    const run = { startedMs: plan.now, strategy: plan.strategy, layout: plan.layout, plannedEvict: plan.summary.evictCount };
    this.runId = recordRun(this.store, this.root, run, seen).runId;
  }

  /**
   * After a victim was deleted. Never throws (the deletion happened; apply must not report it as failed):
   * a store failure is kept, stopReason() then stops the run before the next deletion, finish() reports it.
   */
  deleted(v: PlannedEntry, strategy: string): void {
    if (this.failure) return;
    try {
      recordEviction(
        this.store,
        this.root,
        this.runId,
        {
          name: v.entry.name,
          dev: v.entry.fingerprint.dev,
          ino: v.entry.fingerprint.ino,
          kind: v.entry.kind,
          class: v.entry.class,
          reason: v.reason,
          detail: v.detail ?? null,
          strategy,
          bytes: v.entry.bytes,
          apparentBytes: v.entry.apparentBytes,
          hits: v.usage.hits,
          lastUsedMs: v.usage.lastUsedMs > 0 ? v.usage.lastUsedMs : null,
          how: 'planned',
        },
        this.clock(),
      );
      // GDSF: L rises to the priority of each entry evicted by rank (not of expired ones, which were not chosen by priority).
      if (strategy === 'gdsf' && v.reason === 'over-threshold') {
        const p = gdsfPriority(v, this.rank);
        this.gdsfL = this.gdsfL === undefined ? p : Math.max(this.gdsfL, p);
      }
    } catch (err) {
      this.failure = err as Error;
    }
  }

  /** Why the run must stop deleting: the store could not record the last eviction. */
  stopReason(): string | null {
    return this.failure ? `the usage store could not record an eviction (${this.failure.message})` : null;
  }

  /** Record the outcome and the new L; returns the store failure met during the run, if any (to report after the outcome). */
  finish(applied: Applied): Error | null {
    if (this.failure || this.runId === null) return this.failure;
    try {
      const out = { finishedMs: this.clock(), deleted: applied.deleted.length, freedBytes: applied.freedBytes, interrupted: applied.interrupted };
      finishRun(this.store, this.root, this.runId, out, this.gdsfL);
    } catch (err) {
      return err as Error;
    }
    return null;
  }
}
