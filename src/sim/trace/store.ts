import { UsageError } from '../../shared/errors.js';
import { openStoreSnapshot, storePath } from '../../usage/store/open.js';
import { findRoot } from '../../usage/store/read.js';
import type { UsageStore } from '../../usage/store/store.js';
import { ChunkBuilder, type ProblemSink, type TraceChunk, type TraceInfo, type TraceSource } from './types.js';

interface UseRow {
  entry_id: number;
  name: string;
  at_ms: number;
  bytes: number | null;
  apparent_bytes: number | null;
}

/**
 * The uses the usage store recorded under one cache root, as a trace: every hit (`cachesweep touch`) and every
 * in-use observation of a clean run (both count as uses for lfu and gdsf), oldest first. The object is the store's
 * entry (a name on one device and inode: a file replaced by a new one is a new object), its size the bytes the last
 * clean run measured (allocated, else apparent). Uses of an entry no clean run has measured have no size: they are
 * problems, skipped. The store is read as a snapshot, like `plan`: nothing is written, nothing is locked.
 */
export function storeTrace(root: string, stateDir: string): TraceSource {
  return {
    label: `usage store ${storePath(stateDir)} (root ${root})`,
    format: 'store',
    async read(onChunk: (c: TraceChunk) => void, onProblem: ProblemSink): Promise<TraceInfo> {
      const store = openStoreSnapshot(stateDir);
      if (!store) throw new UsageError(`--from-store: no usage store in ${stateDir} (give --state-dir, or record uses first with cachesweep clean / touch)`);
      try {
        readUses(store, root, stateDir, new ChunkBuilder(onChunk), onProblem);
      } finally {
        store.close();
      }
      return { hasTime: true };
    },
  };
}

function readUses(store: UsageStore, root: string, stateDir: string, out: ChunkBuilder, onProblem: ProblemSink): void {
  const r = findRoot(store, root);
  if (!r) {
    const known = store.guard(() => (store.db.prepare('SELECT path FROM roots ORDER BY path').all() as { path: string }[]).map((x) => x.path));
    throw new UsageError(
      `--from-store: the usage store in ${stateDir} has nothing recorded for ${root}${known.length ? ` (it knows ${known.join(', ')})` : ' (it is empty)'}`,
    );
  }
  const unsized = new Set<number>();
  store.guard(() => {
    const rows = store.db
      .prepare(
        // Uses past the store's raw horizon are kept as a count per entry and day (retention.ts): each comes back as
        // one use at its day's latest, so the trace has every use the store counted.
        `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < (SELECT coalesce(max(hits + in_use), 0) FROM use_days))
         SELECT u.entry_id, e.name, u.at_ms, e.bytes, e.apparent_bytes
         FROM (SELECT entry_id, at_ms FROM hits UNION ALL SELECT entry_id, at_ms FROM in_use
               UNION ALL SELECT d.entry_id, d.last_ms FROM use_days d JOIN k ON k.i <= d.hits + d.in_use) u
         JOIN entries e ON e.id = u.entry_id
         WHERE e.root_id = ?
         ORDER BY u.at_ms, u.entry_id`,
      )
      .iterate(r.id) as Iterable<UseRow>;
    for (const row of rows) {
      const size = row.bytes ?? row.apparent_bytes;
      if (size === null) {
        if (!unsized.has(row.entry_id)) onProblem({ where: `entry ${row.name}`, why: 'no size recorded (no clean run has measured it): its uses are skipped' });
        unsized.add(row.entry_id);
        continue;
      }
      out.push(row.entry_id, size, row.at_ms / 1000);
    }
  });
  out.flush();
}
