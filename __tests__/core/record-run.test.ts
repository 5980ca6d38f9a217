import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyPlan } from '../../src/apply/apply.js';
import { DEFAULT_BATCHING, RunRecorder } from '../../src/core/record-run.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { runFindings } from '../../src/core/interrupted.js';
import { scan } from '../../src/scan/scan.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { recheckProviders } from '../../src/usage/signal.js';
import { openStoreForWrite, storePath } from '../../src/usage/store/open.js';
import { storeProvider } from '../../src/usage/store/provider.js';
import { listEvictions } from '../../src/usage/store/read.js';
import { pin } from '../../src/usage/store/write.js';
import { tempCache, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';

const now = Date.UTC(2025, 3, 1);

async function prepared(t: ReturnType<typeof tempCache>, busyTimeoutMs = 5000, batching = DEFAULT_BATCHING) {
  const root = fs.realpathSync(t.cache);
  const store = openStoreForWrite(t.state, { busyTimeoutMs });
  const s = scan(root);
  const provider = storeProvider(store, root);
  const usage = mergeUsage(s.entries, await provider.collect(s.entries, now));
  const plan = buildPlan(
    { root, layout: s.layout, entries: s.entries, usage, cacheBytes: s.cacheBytes, disk: { usedBytes: 0, availableBytes: 1, usedPercent: 0 }, now },
    planOptionsFrom({ maxAge: '1d' }),
  );
  const recorder = new RunRecorder(store, root, () => now, batching);
  return { root, store, provider, plan, recorder, rootDev: fs.lstatSync(root).dev };
}

describe('a clean run and the store', () => {
  let t: ReturnType<typeof tempCache>;
  beforeEach(() => {
    t = tempCache();
    for (const n of ['a', 'b', 'c']) writeFile(path.join(t.cache, n), 4096, now - 3 * DAY);
  });
  afterEach(() => t.cleanup());

  it('a pin added while the run is under way stops that deletion', async () => {
    const p = await prepared(t);
    expect(p.plan.entries.filter((e) => e.decision === 'evict').map((e) => e.entry.name)).toEqual(['a', 'b', 'c']);
    p.recorder.start(p.plan);
    const applied = await applyPlan(p.plan, {
      rootDev: p.rootDev,
      stopReason: () => null,
      beforeDelete: (v) => p.recorder.beforeDelete(v),
      stillProtected: (v) => {
        if (v.entry.name === 'a') {
          // Another process pins b right after the run deleted a.
          const other = openStoreForWrite(t.state);
          pin(other, p.root, 'b', now);
          other.close();
        }
        return recheckProviders([p.provider], v.entry, now);
      },
      onOutcome: (v, outcome) => p.recorder.outcome(v, outcome),
    });
    expect(applied.deleted).toEqual(['a', 'c']);
    expect(applied.skipped).toEqual([{ name: 'b', why: 'still in use: pinned with cachesweep pin after the plan was made' }]);
    expect(fs.existsSync(path.join(t.cache, 'b'))).toBe(true);
    expect(p.recorder.finish(applied)).toBeNull();
    expect(listEvictions(p.store, p.root).map((e) => [e.name, e.reason, e.strategy])).toEqual([
      ['a', 'expired', 'age'],
      ['c', 'expired', 'age'],
    ]);
    p.store.close();
  });

  it('a store that cannot record the next batch of intents stops the deletions before it; the next run records what went', async () => {
    // Batches of two: a and b are intended together; once another process holds the store, c's intent cannot be written.
    const p = await prepared(t, 100, { victims: 2, flushMs: 60_000 });
    p.recorder.start(p.plan);
    const holder = new Database(storePath(t.state));
    try {
      const applied = await applyPlan(p.plan, {
        rootDev: p.rootDev,
        stopReason: () => p.recorder.stopReason(),
        beforeDelete: (v) => p.recorder.beforeDelete(v),
        onOutcome: (v, outcome) => {
          p.recorder.outcome(v, outcome);
          if (v.entry.name === 'a') holder.exec('BEGIN EXCLUSIVE');
        },
      });
      // a and b had their intents on disk; c had none and was not touched.
      expect(applied.deleted).toEqual(['a', 'b']);
      expect(applied.failed).toEqual([]);
      expect(applied.skipped).toEqual([{ name: 'c', why: expect.stringMatching(/^the usage store could not record the deletions \(usage store .* is locked by another process for more than 100 ms/) }]);
      expect(fs.existsSync(path.join(t.cache, 'c'))).toBe(true);
      expect(p.recorder.finish(applied)?.message).toMatch(/is locked by another process/);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    expect(listEvictions(p.store, p.root)).toEqual([]);
    p.store.close();
    // The next run holds a and b's open intents against its scan: both gone, so their evictions are recorded now.
    const next = await prepared(t);
    const found = runFindings(next.store, next.root, scan(next.root));
    expect(found.gone.map((i) => i.name)).toEqual(['a', 'b']);
    expect(found.interrupted.size).toBe(0);
    next.recorder.start(next.plan, found);
    expect(listEvictions(next.store, next.root).map((e) => [e.name, e.reason, e.detail])).toEqual([
      ['a', 'expired', expect.stringMatching(/recorded by run 2: run 1 deleted it and stopped before recording it$/)],
      ['b', 'expired', expect.stringMatching(/recorded by run 2: run 1 deleted it and stopped before recording it$/)],
    ]);
    expect(runFindings(next.store, next.root, scan(next.root)).gone).toEqual([]);
    next.store.close();
  });

  it("a deletion closes an earlier run's intent still open for its entry, and with none open, its own", async () => {
    const deleteAll = async (p: Awaited<ReturnType<typeof prepared>>) =>
      applyPlan(p.plan, {
        rootDev: p.rootDev,
        stopReason: () => null,
        beforeDelete: (v) => p.recorder.beforeDelete(v),
        onOutcome: (v, outcome) => p.recorder.outcome(v, outcome),
      });
    const intents = (store: ReturnType<typeof openStoreForWrite>) =>
      store.db.prepare('SELECT run_id, name, outcome FROM deletion_intents ORDER BY run_id, name').raw().all();
    // Run 1 records the intents of a, b and c, and dies before deleting anything; its intents stay open.
    const first = await prepared(t);
    first.recorder.start(first.plan);
    expect(first.recorder.beforeDelete(first.plan.entries[0]!)).toBeNull();
    first.store.close();
    // Run 2 is not told about them (no findings): each deletion closes run 1's intent of that entry with its own.
    const second = await prepared(t);
    second.recorder.start(second.plan);
    expect((await deleteAll(second)).deleted).toEqual(['a', 'b', 'c']);
    expect(second.recorder.finish({ deleted: ['a', 'b', 'c'], skipped: [], failed: [], freedBytes: 0, interrupted: false })).toBeNull();
    const closed = [1, 2].flatMap((run) => ['a', 'b', 'c'].map((n) => [run, n, 'deleted']));
    expect(intents(second.store)).toEqual(closed);
    second.store.close();
    // Run 3, with nothing open before it, closes only its own intents (by id).
    for (const n of ['a', 'b']) writeFile(path.join(t.cache, n), 4096, now - 3 * DAY);
    const third = await prepared(t);
    third.recorder.start(third.plan);
    const applied = await deleteAll(third);
    expect(applied.deleted).toEqual(['a', 'b']);
    expect(third.recorder.finish(applied)).toBeNull();
    expect(intents(third.store)).toEqual([...closed, [3, 'a', 'deleted'], [3, 'b', 'deleted']]);
    // Each eviction names the live row its run recorded for the entry, and that row, only, is gone.
    const rows = third.store.db
      .prepare('SELECT e.name, n.name AS row_name, n.first_seen_ms > 0 AS seen, n.gone_ms IS NOT NULL AS gone FROM evictions e JOIN entries n ON n.id = e.entry_id ORDER BY e.id')
      .raw()
      .all();
    expect(rows).toEqual(['a', 'b', 'c', 'a', 'b'].map((n) => [n, n, 1, 1]));
    expect(third.store.db.prepare('SELECT count(*) FROM entries WHERE gone_ms IS NULL').pluck().get()).toBe(0);
    third.store.close();
  });

  it('writes one transaction per batch of intents, not one per victim, and every outcome by the end', async () => {
    for (let i = 0; i < 7; i++) writeFile(path.join(t.cache, `v${i}`), 4096, now - 3 * DAY);
    const p = await prepared(t, 5000, { victims: 4, flushMs: 60_000 });
    p.recorder.start(p.plan);
    const intents = () => (p.store.db.prepare('SELECT count(*) AS n FROM deletion_intents').get() as { n: number }).n;
    const seen: number[] = [];
    const applied = await applyPlan(p.plan, {
      rootDev: p.rootDev,
      stopReason: () => null,
      beforeDelete: (v) => {
        const r = p.recorder.beforeDelete(v);
        seen.push(intents());
        return r;
      },
      onOutcome: (v, outcome) => p.recorder.outcome(v, outcome),
    });
    expect(applied.deleted).toHaveLength(10);
    // Ten victims in batches of four: the intents of each batch are on disk before its first deletion.
    expect(seen).toEqual([4, 4, 4, 4, 8, 8, 8, 8, 10, 10]);
    // Each batch's outcomes are committed with the next batch's intents: the last two wait for the end.
    expect(listEvictions(p.store, p.root)).toHaveLength(8);
    expect(p.recorder.finish(applied)).toBeNull();
    expect(listEvictions(p.store, p.root)).toHaveLength(10);
    expect(p.store.db.prepare("SELECT count(*) AS n FROM deletion_intents WHERE done_ms IS NULL OR outcome <> 'deleted'").get()).toEqual({ n: 0 });
    p.store.close();
  });
});
