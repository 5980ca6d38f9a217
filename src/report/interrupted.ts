import type { InterruptedDeletion, PlannedEntry } from '../plan/types.js';
import type { Entry } from '../shared/types.js';
import type { RunFindings } from '../usage/interrupted.js';
import type { RunRow } from '../usage/store/intents.js';

/** Deletions earlier runs began and did not finish, and runs that did not finish, in every output. */

const iso = (ms: number): string => new Date(ms).toISOString();

/** The JSON of an entry's interrupted deletion (plan and status), or null. */
export function interruptedJson(i: InterruptedDeletion | undefined, entry: Entry) {
  if (!i) return null;
  return { run: i.runId, since: iso(i.sinceMs), reason: i.reason, strategy: i.strategy, plannedNodes: i.plannedNodes, nodesLeft: entry.fingerprint.nodes };
}

/** `never-finished`: no end recorded (killed, crashed, or still running); `stopped`: it recorded stopping early. */
export function runState(r: RunRow): 'never-finished' | 'stopped' {
  return r.finishedMs === null ? 'never-finished' : 'stopped';
}

/** The JSON of a run that did not finish. */
export function unfinishedRunJson(r: RunRow) {
  return {
    id: r.id,
    started: iso(r.startedMs),
    finished: r.finishedMs === null ? null : iso(r.finishedMs),
    state: runState(r),
    strategy: r.strategy,
    layout: r.layout,
    entries: r.entries,
    plannedEvict: r.plannedEvict,
    deleted: r.deleted,
    openIntents: r.openIntents,
  };
}

/** `status`'s state cell for a half-deleted entry. */
export function interruptedState(i: InterruptedDeletion, entry: Entry): string {
  const by = i.runId !== null ? `run ${i.runId}` : 'an earlier run';
  return `deletion interrupted (${by}, ${entry.fingerprint.nodes} of ${i.plannedNodes} left)`;
}

/**
 * Lines under `status`'s table: the half-deleted entries, then the runs that did not finish, newest first. Empty when
 * there are none.
 */
export function unfinishedRunsText(f: Pick<RunFindings, 'interrupted' | 'unfinishedRuns' | 'unfinishedTotal'>): string[] {
  const lines: string[] = [];
  const n = f.interrupted.size;
  if (n > 0) {
    lines.push(`${n} half-deleted ${n === 1 ? 'entry' : 'entries'} (deletion interrupted): the next clean finishes ${n === 1 ? 'it' : 'them'} unless in use, pinned or protected`);
  }
  if (f.unfinishedTotal === 0) return lines;
  lines.push(`runs that did not finish: ${f.unfinishedTotal}`);
  for (const r of f.unfinishedRuns) {
    const what = `run ${r.id} started ${iso(r.startedMs).replace(/\.\d+Z$/, 'Z')} (${r.strategy}, ${r.layout}), ${r.plannedEvict} planned to evict`;
    const how =
      runState(r) === 'never-finished'
        ? 'never recorded its end (killed, crashed or lost power; or still running)'
        : `stopped early after deleting ${r.deleted ?? 0} (a signal, a lost lock or a store that failed)`;
    const left = r.openIntents > 0 ? `${r.openIntents} of its deletions not settled yet` : 'nothing of it left to finish';
    lines.push(`  ${what}: ${how}; ${left}`);
  }
  if (f.unfinishedTotal > f.unfinishedRuns.length) lines.push(`  and ${f.unfinishedTotal - f.unfinishedRuns.length} older`);
  return lines;
}

/** `; finishing 1 interrupted deletion; 1 half-deleted entry kept`, for the summary line; empty when none. */
export function interruptedSummary(entries: Iterable<PlannedEntry>): string {
  let finishing = 0;
  let held = 0;
  for (const p of entries) {
    if (!p.interrupted) continue;
    if (p.decision === 'evict') finishing++;
    else held++;
  }
  let out = '';
  if (finishing > 0) out += `; finishing ${finishing} interrupted ${finishing === 1 ? 'deletion' : 'deletions'}`;
  if (held > 0) out += `; ${held} half-deleted ${held === 1 ? 'entry' : 'entries'} kept`;
  return out;
}
