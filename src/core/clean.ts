import { applyPlan, type Applied } from '../apply/apply.js';
import { pruneEmptied, type Pruned } from '../apply/prune.js';
import { closeRoot, openRoot, type RootHandle } from '../apply/root.js';
import { Rechecker } from '../usage/recheck-batch.js';
import { recheckProviders } from '../usage/signal.js';
import { openStoreForWrite } from '../usage/store/open.js';
import { locate } from './locate.js';
import type { CleanCacheOptions, CleanHooks } from './options.js';
import { preparePlan } from './prepare.js';
import { RunRecorder } from './record-run.js';
import { storeRegret } from '../usage/store/regret.js';
import { cachePlan, type CachePlan } from './results.js';
import { lockCache, victimLocksOf } from './storage.js';
import { planRows } from '../plan/rows.js';

/** What cleanCache did: the plan it applied and each victim's outcome. */
export interface CleanResult {
  plan: CachePlan;
  applied: Applied;
  /**
   * The usage store failed to record an eviction, or the run's end: deletions stopped after it (the CLI reports
   * it as a configuration error, exit 2). Null when the store recorded everything.
   */
  storeError: Error | null;
  /** Directories the deletions left empty, removed after them (and those that could not be). */
  pruned: Pruned;
}

/**
 * Plan and apply, under the per-cache lock held from the scan to the last deletion (the plan applied is the plan
 * made under it). The run is recorded in the usage store before the first deletion, and the intent to delete each
 * victim before its deletion begins (in batches: an earlier run killed mid-deletion left such intents open, and this
 * run finishes what they began, record-run.ts and plan/interrupted.ts); each victim is re-checked
 * (same inode, size and mtime; not in use now, not pinned) right before it is deleted, and skipped when it changed.
 * Throws before anything is deleted when the cache, the lock or the store is unusable.
 */
export async function cleanCache(options: CleanCacheOptions, hooks: CleanHooks = {}): Promise<CleanResult> {
  const clock = options.clock ?? Date.now;
  const where = locate(options);
  hooks.onLocated?.(where);
  // On shared storage the lock lives beside the cache, so that a run on another host meets it too.
  const { lock, storage, warnings } = await lockCache(where, options, clock(), hooks.warn);
  let store: ReturnType<typeof openStoreForWrite> | undefined;
  let root: RootHandle | undefined;
  try {
    // The usage store: a corrupt, foreign, newer or locked one stops the run here, before the scan.
    store = openStoreForWrite(where.stateDir);
    // Opened before the scan; every deletion is made relative to this handle, never by a path resolved again.
    root = openRoot(where.root);
    const { plan, prepared } = await preparePlan(where, { ...options, clock }, options.plan, hooks, { store, storage, warnings });
    const result = cachePlan(plan, prepared.scan);
    hooks.onPlanned?.(result);
    const recorder = new RunRecorder(store, where.root, clock);
    recorder.start(plan, prepared.findings); // before the first deletion: a store that cannot be written stops the run here
    // Recording the scan recorded the returns it found: the run's reports and metrics count them.
    plan.regret = storeRegret(store, where.root);
    await hooks.beforeApply?.();
    // One survey of /proc, /proc/locks and the instance disks serves a batch of victims while it is fresh; file
    // victims go under a write lease, which proves at the instant of the unlink what a survey only sampled.
    const victims = planRows(plan).victims().map((p) => p.entry);
    const rechecker = new Rechecker(prepared.providers, victims);
    const applied = await applyPlan(plan, {
      rootDev: where.rootDev,
      root,
      stopReason: () => hooks.stopReason?.() ?? (lock.compromised() ? 'the lock was lost' : recorder.stopReason()),
      beforeDelete: (v) => recorder.beforeDelete(v),
      stillProtected: (v, leased) => rechecker.check(v.entry, clock(), leased),
      leases: process.platform === 'linux',
      whoHolds: (v) => recheckProviders(prepared.providers, v.entry, clock()),
      // In the nova layout each victim goes while Nova's own lock for it is held, as Nova's cleaner removes it.
      ...victimLocksOf(where, options, (l) => hooks.warn?.(l)),
      onOutcome: (v, outcome, detail) => {
        hooks.onOutcome?.(v, outcome, detail);
        recorder.outcome(v, outcome);
      },
    });
    const storeError = recorder.finish(applied);
    // Containers the deletions emptied (--entries files, --depth, a layout's shards); not after a stop: a signal
    // or a lost lock means stop deleting now.
    const prunable = prepared.scan.prunable ?? [];
    const pruned = applied.interrupted || prunable.length === 0 ? { removed: [], failed: [] } : pruneEmptied(root, applied.deleted, new Set(prunable));
    for (const f of pruned.failed) hooks.warn?.(`empty directory ${f.name} not removed: ${f.error}`);
    return { plan: result, applied, storeError, pruned };
  } finally {
    store?.close();
    if (root) closeRoot(root);
    await lock.release();
  }
}
