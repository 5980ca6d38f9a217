import { findRoot } from './read.js';
import type { UsageStore } from './store.js';
import { ensureRoot, insertEviction } from './write.js';
import type { IntentOutcome, IntentRecord, OpenIntent, RunRow } from './records.js';
import { dbName, fromDb } from './db-name.js';
import { statement } from './statement.js';

export type { IntentOutcome, IntentRecord, OpenIntent, RunRow } from './records.js';

/**
 * Deletion intents: a clean run records each victim here before its deletion begins (in batches: journal.ts) and
 * closes the row with the outcome. A row still open when a later run looks belongs to a run that died (or is still
 * deleting): its entry may be half-deleted (docs/safety.md, "Crash consistency").
 */





interface IntentRow {
  id: number;
  run_id: number | null;
  name: string;
  dev: number;
  ino: number;
  nodes: number;
  class: string;
  kind: string;
  reason: string;
  detail: string | null;
  strategy: string;
  how: string;
  bytes: number;
  apparent_bytes: number;
  hits: number;
  last_used_ms: number | null;
  at_ms: number;
}

/** The open intents under a root, oldest first. */
export function readOpenIntents(store: UsageStore, rootPath: string): OpenIntent[] {
  return store.guard(() => {
    const root = findRoot(store, rootPath);
    if (!root) return [];
    const rows = store.db.prepare('SELECT * FROM deletion_intents WHERE root_id = ? AND done_ms IS NULL ORDER BY id').all(root.id) as IntentRow[];
    return rows.map((r) => ({
      id: r.id,
      runId: r.run_id,
      name: fromDb(r.name as string | Buffer),
      dev: r.dev,
      ino: r.ino,
      nodes: r.nodes,
      class: r.class,
      kind: r.kind,
      reason: r.reason,
      detail: r.detail,
      strategy: r.strategy,
      how: r.how === 'completed' || r.how === 'manual' ? r.how : 'planned',
      bytes: r.bytes,
      apparentBytes: r.apparent_bytes,
      hits: r.hits,
      lastUsedMs: r.last_used_ms,
      atMs: r.at_ms,
    }));
  });
}

/**
 * The runs under a root that did not finish: never recorded their end (killed, crashed, or still running), or
 * stopped early. Newest first, at most `limit`, with the number there are.
 */
export function readUnfinishedRuns(store: UsageStore, rootPath: string, limit = 5): { runs: RunRow[]; total: number } {
  return store.guard(() => {
    const root = findRoot(store, rootPath);
    if (!root) return { runs: [], total: 0 };
    const where = 'FROM runs WHERE root_id = ? AND (finished_ms IS NULL OR interrupted = 1)';
    const total = (store.db.prepare(`SELECT count(*) AS n ${where}`).get(root.id) as { n: number }).n;
    const open = '(SELECT count(*) FROM deletion_intents i WHERE i.run_id = runs.id AND i.done_ms IS NULL) AS open_intents';
    const rows = store.db.prepare(`SELECT *, ${open} ${where} ORDER BY id DESC LIMIT ?`).all(root.id, limit) as {
      id: number;
      started_ms: number;
      finished_ms: number | null;
      strategy: string;
      layout: string;
      entries: number;
      planned_evict: number;
      deleted: number | null;
      interrupted: number | null;
      open_intents: number;
    }[];
    const runs = rows.map((r) => ({
      id: r.id,
      startedMs: r.started_ms,
      finishedMs: r.finished_ms,
      strategy: r.strategy,
      layout: r.layout,
      entries: r.entries,
      plannedEvict: r.planned_evict,
      deleted: r.deleted,
      interrupted: r.interrupted === 1,
      openIntents: r.open_intents,
    }));
    return { runs, total };
  });
}

/** Whether any intent under a root is open (an earlier run's, not settled: a deletion to finish, or one not told apart). */
export function hasOpenIntents(store: UsageStore, rootPath: string): boolean {
  return store.guard(
    () =>
      statement(store, 'SELECT 1 FROM deletion_intents i JOIN roots r ON r.id = i.root_id WHERE r.path = ? AND i.done_ms IS NULL LIMIT 1').get(rootPath) !==
      undefined,
  );
}

/**
 * What a clean run learnt about earlier runs' open intents (under the lock, so their runs are dead): intents whose
 * deletion never began are closed; an entry that is gone had its deletion finished by a run that died before
 * recording it, and the eviction is recorded now, once per entry, at the time of its intent (it went after that).
 */
export function settleIntents(store: UsageStore, rootPath: string, runId: number, s: { gone: readonly OpenIntent[]; notStarted: readonly OpenIntent[] }, nowMs: number): void {
  if (s.gone.length === 0 && s.notStarted.length === 0) return;
  store.write(() => {
    const root = ensureRoot(store, rootPath, nowMs);
    const close = store.db.prepare('UPDATE deletion_intents SET done_ms = ?, outcome = ? WHERE id = ?');
    for (const i of s.notStarted) close.run(nowMs, 'not-started', i.id);
    const recorded = new Set<string>();
    for (const i of s.gone) {
      close.run(nowMs, 'gone', i.id);
      const key = `${i.name}\0${i.dev}\0${i.ino}`;
      if (recorded.has(key)) continue;
      recorded.add(key);
      const by = i.runId !== null ? `run ${i.runId}` : 'an earlier run';
      const detail = `${i.detail ? `${i.detail}; ` : ''}recorded by run ${runId}: ${by} deleted it and stopped before recording it`;
      insertEviction(store, root.id, i.runId, { ...i, detail }, i.atMs);
    }
  });
}
