import type { Applied } from '../apply/apply.js';
import type { Plan, PlannedEntry } from '../plan/types.js';
import type { Entry } from '../shared/types.js';
import type { IntentFindings } from '../usage/interrupted.js';
import { hasOpenIntents, settleIntents, type IntentRecord } from '../usage/store/intents.js';
import { writeJournal, type Closing } from '../usage/store/journal.js';
import { finishRun, recordRun, type LeftState } from '../usage/store/write.js';
import type { UsageStore } from '../usage/store/store.js';
import { planRows } from '../plan/rows.js';

/** How the deletion journal is batched: victims per batch of intents, and how often outcomes are committed (ms). */
export interface JournalBatching {
  victims: number;
  flushMs: number;
}

/**
 * 500 intents in one commit cost about what one intent alone does (the fsync dominates); a crash then leaves at most
 * 499 untouched victims with open intents, which the next run recognises as not begun and closes. Outcomes wait for the
 * next commit, at most a second: a crash before it loses nothing, as the next run finds those entries gone and records them.
 */
export const DEFAULT_BATCHING: JournalBatching = { victims: 500, flushMs: 1000 };

/**
 * What a clean run writes to the usage store (a dry run writes nothing and never gets here): before the first deletion
 * the run and every entry it saw (with in-use observations), and what it learnt about earlier runs' open intents; then,
 * in batches, the intent to delete each victim before its deletion begins and its outcome after (the eviction);
 * at the end the run's outcome and the state its strategy leaves (Plan.state).
 */
export class RunRecorder {
  private runId: number | null = null;
  private failure: Error | null = null;
  private plan: Plan | null = null;
  /** The victims deleted, in order: a strategy's state moves only with what really went. */
  private readonly gone: PlannedEntry[] = [];
  private victims: PlannedEntry[] = [];
  /** Each victim's position in `victims`, by its entry: a plan's rows make a new object each time a victim is read. */
  private readonly position = new Map<Entry, number>();
  private readonly intentIds: (number | undefined)[] = [];
  /** Each victim's live row in the store (recordRun), by position: its eviction marks that row gone. */
  private entryIds = new Float64Array(0);
  /** Each victim's intent as recorded, kept for its eviction: one object per victim, not one more per outcome. */
  private readonly records: (IntentRecord | undefined)[] = [];
  private done: Closing[] = [];
  private lastCommitMs = 0;
  private strategy = '';
  /** An earlier run's intent was still open at the start (one this run may finish): outcomes close by identity. */
  private othersOpen = true;

  constructor(
    private readonly store: UsageStore,
    private readonly root: string,
    private readonly clock: () => number,
    private readonly batching: JournalBatching = DEFAULT_BATCHING,
  ) {}

  /** Before anything is deleted. Throws (locked, corrupt store): the run then deletes nothing. */
  start(plan: Plan, earlier: Pick<IntentFindings, 'gone' | 'notStarted'> = { gone: [], notStarted: [] }): void {
    const seen = Array.from(planRows(plan), (p) => ({
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
    const recorded = recordRun(this.store, this.root, run, seen);
    this.runId = recorded.runId;
    settleIntents(this.store, this.root, this.runId, earlier, plan.now);
    // Under the lock no other run records intents under this root: none open now, none but this run's later.
    this.othersOpen = hasOpenIntents(this.store, this.root);
    this.strategy = plan.strategy;
    this.plan = plan;
    this.victims = planRows(plan).victims();
    this.victims.forEach((v, i) => this.position.set(v.entry, i));
    this.entryIds = new Float64Array(this.victims.length);
    // Victims come first in a plan's rows: the walk ends at the last of them, not at the last kept entry.
    let k = 0;
    let placed = 0;
    for (const p of planRows(plan)) {
      if (placed === this.victims.length) break;
      const at = this.position.get(p.entry);
      if (at !== undefined) {
        this.entryIds[at] = recorded.entryIds[k]!;
        placed++;
      }
      k++;
    }
    this.lastCommitMs = this.clock();
  }

  /**
   * Right before a victim's re-check and deletion: its intent must be committed. When it is not, the intents of the
   * next batch of victims (it first) are, in one transaction with the outcomes so far. Returns a reason to stop
   * instead (the store failed: nothing is deleted without its intent on disk), or null.
   */
  beforeDelete(v: PlannedEntry): string | null {
    if (this.failure) return this.stopReason();
    const at = this.position.get(v.entry);
    if (at === undefined || this.runId === null) return 'not a victim of the plan this run recorded';
    if (this.intentIds[at] !== undefined) return null;
    const batch: number[] = [];
    for (let i = at; i < this.victims.length && batch.length < this.batching.victims; i++) if (this.intentIds[i] === undefined) batch.push(i);
    const records = batch.map((i) => this.intentOf(this.victims[i]!));
    const ids = this.commit(records);
    if (ids === null) return this.stopReason();
    batch.forEach((i, k) => {
      this.intentIds[i] = ids[k];
      this.records[i] = records[k];
    });
    return null;
  }

  /**
   * After a victim's outcome. Never throws (a deletion happened; apply must not report it as failed): a store failure
   * is kept, stopReason() then stops the run before the next deletion, finish() reports it.
   */
  outcome(v: PlannedEntry, outcome: Closing['outcome']): void {
    const at = this.position.get(v.entry);
    const intentId = at === undefined ? undefined : this.intentIds[at];
    if (intentId === undefined) return; // stopped before its intent was recorded: nothing to close
    const now = this.clock();
    this.done.push({ intentId, record: this.records[at!] ?? this.intentOf(v), outcome, atMs: now, entryId: this.entryIds[at!] });
    if (outcome === 'deleted') this.gone.push(v);
    if (!this.failure && now - this.lastCommitMs >= this.batching.flushMs) this.commit([]);
  }

  /** Why the run must stop deleting: the store could not record the deletions. */
  stopReason(): string | null {
    return this.failure ? `the usage store could not record the deletions (${this.failure.message})` : null;
  }

  /** Record the last outcomes, the run's end and the state left; returns the store failure met during the run, if any. */
  finish(applied: Applied): Error | null {
    if (this.failure || this.runId === null) return this.failure;
    if (this.commit([]) === null) return this.failure;
    try {
      const out = { finishedMs: this.clock(), deleted: applied.deleted.length, freedBytes: applied.freedBytes, interrupted: applied.interrupted };
      finishRun(this.store, this.root, this.runId, out, this.stateLeft());
    } catch (err) {
      return err as Error;
    }
    return null;
  }

  /** The state the plan's strategy leaves, when it keeps one and this run changed it. */
  private stateLeft(): LeftState | undefined {
    const state = this.plan?.state;
    if (!state) return undefined;
    const values = state.after(this.gone);
    const changed = Object.entries(values).some(([k, v]) => state.before[k] !== v);
    return changed ? { strategy: this.strategy, values } : undefined;
  }

  /** One commit of the journal: the outcomes so far, then `next` intents. Their ids, or null once the store failed. */
  private commit(next: IntentRecord[]): number[] | null {
    if (this.failure) return null;
    try {
      const ids = writeJournal(this.store, this.root, this.runId!, this.done, next, this.clock(), this.othersOpen);
      this.done = [];
      this.lastCommitMs = this.clock();
      return ids;
    } catch (err) {
      this.failure = err as Error;
      return null;
    }
  }

  /** A victim's intent (and, once deleted, its eviction): finishing an earlier run's deletion completes that run's choice. */
  private intentOf(v: PlannedEntry): IntentRecord {
    return intentRecord(v, v.interrupted?.strategy ?? this.strategy);
  }
}

function intentRecord(v: PlannedEntry, strategy: string): IntentRecord {
  return {
    name: v.entry.name,
    dev: v.entry.fingerprint.dev,
    ino: v.entry.fingerprint.ino,
    kind: v.entry.kind,
    nodes: v.entry.fingerprint.nodes,
    class: v.entry.class,
    reason: v.reason,
    detail: v.detail ?? null,
    strategy,
    how: v.reason === 'interrupted' ? 'completed' : v.reason === 'requested' ? 'manual' : 'planned',
    bytes: v.entry.bytes,
    apparentBytes: v.entry.apparentBytes,
    hits: v.usage.hits,
    lastUsedMs: v.usage.lastUsedMs > 0 ? v.usage.lastUsedMs : null,
  };
}
