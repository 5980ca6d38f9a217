import type { Entry, Usage } from '../shared/types.js';
import type { InterruptedDeletion, PlannedEntry } from './types.js';

/**
 * Entries an earlier run began to delete and did not finish. That run made the decision; its deletion then bumped the
 * entry's mtime (every unlink changes its directory), so judged afresh a half-deleted entry looks young and healthy
 * (`too-young`, then `not-expired`) and would stay broken for good. The plan finishes it instead, ahead of every
 * other victim, and only what keeps any entry safe holds it back: in use, pinned, protected, unknown. Pure.
 */

/** `deletion by run 7 (expired) began 2026-…Z and was interrupted: 33450 of 40001 files and directories left`. */
export function interruptedDetail(i: InterruptedDeletion, entry: Entry): string {
  const by = i.runId !== null ? `run ${i.runId}` : 'an earlier run';
  const left = `${entry.fingerprint.nodes} of ${i.plannedNodes} files and directories left`;
  return `deletion by ${by} (${i.reason}) began ${new Date(i.sinceMs).toISOString()} and was interrupted: ${left}`;
}

/** The victim that finishes it. */
export function finishInterrupted(entry: Entry, usage: Usage, idleMs: number, i: InterruptedDeletion): PlannedEntry {
  return { entry, usage, idleMs, decision: 'evict', reason: 'interrupted', detail: interruptedDetail(i, entry), interrupted: i };
}

/** Kept for safety (in use, pinned, protected, unknown): it stays half-deleted, and its detail says so. */
export function keptInterrupted(p: PlannedEntry, i: InterruptedDeletion): PlannedEntry {
  const why = `${interruptedDetail(i, p.entry)}; left half-deleted while ${p.reason}`;
  return { ...p, detail: p.detail ? `${p.detail}; ${why}` : why, interrupted: i };
}

/** Oldest interrupted deletion first, then by name. */
export function byInterruptedSince(a: PlannedEntry, b: PlannedEntry): number {
  const d = (a.interrupted?.sinceMs ?? 0) - (b.interrupted?.sinceMs ?? 0);
  return d !== 0 ? d : a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0;
}
