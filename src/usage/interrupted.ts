import type { InterruptedDeletion } from '../plan/types.js';
import type { OpenIntent, RunRow } from './store/records.js';

/** What stands at an intent's name now: the top node's identity and the nodes inside. */
export interface Found {
  dev: number;
  ino: number;
  nodes: number;
}

/** What the open intents of earlier runs mean for this run. */
export interface IntentFindings {
  /** Entries whose deletion began and did not finish, by name (the oldest intent of each). */
  interrupted: Map<string, InterruptedDeletion>;
  /** Intents whose entry is gone (or replaced by a new inode): the deletion finished, unrecorded. */
  gone: OpenIntent[];
  /** Intents whose entry is untouched: recorded with a batch, and the run died before reaching it. */
  notStarted: OpenIntent[];
}

/** What `status` (and a plan) says about runs: interrupted deletions, and runs that did not finish. */
export interface RunFindings extends IntentFindings {
  unfinishedRuns: RunRow[];
  /** How many there are (unfinishedRuns holds the newest few). */
  unfinishedTotal: number;
}

export const NO_FINDINGS: RunFindings = { interrupted: new Map(), gone: [], notStarted: [], unfinishedRuns: [], unfinishedTotal: 0 };

/**
 * Sort open intents (oldest first) by what stands at their name now (`at`: null for nothing, undefined when this run
 * cannot tell). Same device and inode with fewer nodes than planned: the deletion began (it only ever removes, and
 * each removal takes a node away), so it is interrupted. As many or more: untouched by it. Another inode, or
 * nothing: it went. A file entry is one unlink, so it is gone or untouched, never half-deleted. Pure.
 */
export function classifyIntents(open: readonly OpenIntent[], at: (name: string) => Found | null | undefined): IntentFindings {
  const out: IntentFindings = { interrupted: new Map(), gone: [], notStarted: [] };
  for (const i of open) {
    const f = at(i.name);
    if (f === undefined) continue;
    if (f === null || f.dev !== i.dev || f.ino !== i.ino) out.gone.push(i);
    else if (f.nodes < i.nodes) {
      if (!out.interrupted.has(i.name)) {
        out.interrupted.set(i.name, { runId: i.runId, sinceMs: i.atMs, reason: i.reason, strategy: i.strategy, plannedNodes: i.nodes });
      }
    } else out.notStarted.push(i);
  }
  return out;
}
