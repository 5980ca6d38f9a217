import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyPlan } from '../../src/apply/apply.js';
import { RunRecorder } from '../../src/core/record-run.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { scan } from '../../src/scan/scan.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { recheckProviders } from '../../src/usage/signal.js';
import { openStoreForWrite, storePath } from '../../src/usage/store/open.js';
import { storeProvider } from '../../src/usage/store/provider.js';
import { listEvictions } from '../../src/usage/store/read.js';
import { pin } from '../../src/usage/store/write.js';
import { DAY, tempCache, writeFile } from '../helpers/bin.js';

const now = Date.UTC(2025, 3, 1);

async function prepared(t: ReturnType<typeof tempCache>, busyTimeoutMs = 5000) {
  const root = fs.realpathSync(t.cache);
  const store = openStoreForWrite(t.state, { busyTimeoutMs });
  const s = scan(root);
  const provider = storeProvider(store, root);
  const usage = mergeUsage(s.entries, await provider.collect(s.entries, now));
  const plan = buildPlan(
    { root, layout: s.layout, entries: s.entries, usage, cacheBytes: s.cacheBytes, disk: { usedBytes: 0, availableBytes: 1, usedPercent: 0 }, now },
    planOptionsFrom({ maxAge: '1d' }),
  );
  const recorder = new RunRecorder(store, root, () => now, { now });
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
      stillProtected: (v) => {
        if (v.entry.name === 'a') {
          // Another process pins b right after the run deleted a.
          const other = openStoreForWrite(t.state);
          pin(other, p.root, 'b', now);
          other.close();
        }
        return recheckProviders([p.provider], v.entry, now);
      },
      onOutcome: (v, outcome) => {
        if (outcome === 'deleted') p.recorder.deleted(v, p.plan.strategy);
      },
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

  it('a store that cannot record an eviction stops the deletions after it, and the failure is reported', async () => {
    const p = await prepared(t, 100);
    p.recorder.start(p.plan);
    const holder = new Database(storePath(t.state));
    try {
      const applied = await applyPlan(p.plan, {
        rootDev: p.rootDev,
        stopReason: () => p.recorder.stopReason(),
        onOutcome: (v, outcome) => {
          if (outcome === 'deleted') p.recorder.deleted(v, p.plan.strategy);
          if (v.entry.name === 'a') holder.exec('BEGIN EXCLUSIVE'); // a's record is written; now another process holds the write lock
        },
      });
      // a was deleted and recorded; b was deleted but could not be recorded; c was not touched.
      expect(applied.deleted).toEqual(['a', 'b']);
      expect(applied.failed).toEqual([]);
      expect(applied.skipped).toEqual([{ name: 'c', why: expect.stringMatching(/^the usage store could not record an eviction \(usage store .* is locked by another process for more than 100 ms/) }]);
      expect(fs.existsSync(path.join(t.cache, 'c'))).toBe(true);
      expect(p.recorder.finish(applied)?.message).toMatch(/is locked by another process/);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
    expect(listEvictions(p.store, p.root).map((e) => e.name)).toEqual(['a']);
    p.store.close();
  });
});
