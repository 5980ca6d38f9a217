#!/usr/bin/env node
// node scripts/bench/store.mjs: the usage store's own cost at scale, in this process, CPU time (user + system) and
// wall clock per step, no files deleted (journal.mjs times the deletions with it):
//   record N entries      a clean's recorder starting on a fresh store: the run and N entries it saw
//   record again          the next run over the same N entries (they exist now)
//   journal N victims     intents per batch, every victim's outcome, the run's end
//   read (H hits)         the planner's read of the store (storeProvider.collect) with H hits spread over 90 days
//                         on the N entries, half-life off and on
//   re-check              the store's question right before each deletion: pinned? touched since the plan?
//   retention             one clean's share of folding old hits (--rounds of it), and the store's size before/after
//   retention of evictions  the N evictions of the journal step folded 31 days later, their intents and entries pruned
// --dist DIR picks the build to measure (default dist/), so that before and after run in the same hour.
import fs from 'node:fs';
import path from 'node:path';
import { fileEntry, fmtMs, journalDeleted, loadAverage, machine, storeBench, table } from './lib.mjs';

const { flags, dist, base, mod, openStoreForWrite, RunRecorder } = await storeBench('store');
const N = Number(flags.entries ?? 100_000);
const H = Number(flags.hits ?? 1_000_000);
const { storeProvider } = await mod('usage/store/provider.js');
const retention = await mod('usage/store/retention.js').catch(() => null);
const evRetention = await mod('usage/store/retention-evictions.js').catch(() => null);

const DAY = 86_400_000;
const now = Date.now();
const root = path.join(base, 'cache');
const entries = Array.from({ length: N }, (_, i) => fileEntry(root, `f${i}`, 1000 + i, now - 10 * DAY, 4096, 1));
const planned = (e) => ({ entry: e, usage: { lastUsedMs: e.mtimeMs, hits: 0, inUse: [], pinned: false }, decision: 'evict', reason: 'expired', detail: 'idle 10d, max-age 1d' });
const plan = (at) => ({ root, layout: 'flat', strategy: 'age', now: at, summary: { evictCount: N }, entries: entries.map(planned) });

function timed(name, fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  rows.push([name, fmtMs(wall), fmtMs((c.user + c.system) / 1000)]);
  return out;
}
const rootId = () => store.db.prepare('SELECT id FROM roots').pluck().get();
const applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
const rows = [];
const state = path.join(base, 'state');
const store = openStoreForWrite(state);
try {
  timed(`record ${N} entries`, () => new RunRecorder(store, root, Date.now).start(plan(now - 2 * DAY)));
  const rec = new RunRecorder(store, root, Date.now);
  timed(`record again`, () => rec.start(plan(now - DAY)));
  // H hits over 90 days on the N entries (setup, not timed)
  const ids = store.db.prepare('SELECT id FROM entries WHERE gone_ms IS NULL').pluck().all();
  const ins = store.db.prepare('INSERT INTO hits (entry_id, at_ms) VALUES (?, ?)');
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  store.db.transaction(() => {
    for (let i = 0; i < H; i++) ins.run(ids[Math.floor(rnd() * ids.length)], Math.floor(now - rnd() * 90 * DAY));
  })();
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const size = () => `${(fs.statSync(path.join(state, 'usage.db')).size / 1048576).toFixed(1)} MiB`;
  rows.push([`(store with ${H} hits: ${size()})`, '', '']);
  timed(`read, ${H} hits`, () => storeProvider(store, root).collect(entries, now));
  timed(`read, ${H} hits, half-life 7d`, () => storeProvider(store, root, { halfLifeMs: 7 * DAY }).collect(entries, now));
  const provider = storeProvider(store, root);
  provider.collect(entries, now);
  timed(`re-check of 20000 victims (pin, touch)`, () => {
    for (let i = 0; i < 20_000; i++) if (provider.recheck(entries[(i * 5) % N], now).length > 0) throw new Error('kept');
  });
  if (retention) {
    let folded = 0;
    for (let r = 0; r < Number(flags.rounds ?? 1); r++) folded += timed(`retention (one clean's share)`, () => store.write(() => retention.foldOldUses(store, rootId(), now))).hits;
    while (retention.foldOldUses && store.write(() => retention.foldOldUses(store, rootId(), now)).hits > 0);
    timed(`retention, nothing left to fold`, () => store.write(() => retention.foldOldUses(store, rootId(), now)));
    store.db.exec('VACUUM');
    rows.push([`(every use older than 30 days folded, ${folded} in the timed runs; store ${size()} after VACUUM)`, '', '']);
    timed(`read after retention`, () => storeProvider(store, root).collect(entries, now));
    timed(`read after retention, half-life 7d`, () => storeProvider(store, root, { halfLifeMs: 7 * DAY }).collect(entries, now));
  }
  const p = plan(now - DAY);
  const r = new RunRecorder(store, root, Date.now);
  r.start(p);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const before = fs.statSync(path.join(state, 'usage.db')).size;
  timed(`journal ${N} victims (no unlink)`, () => journalDeleted(r, p.entries, applied));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const grown = fs.statSync(path.join(state, 'usage.db')).size - before;
  rows.push([`(store ${size()}: ${(grown / N).toFixed(0)} bytes per victim for its intent and eviction)`, '', '']);
  if (evRetention) {
    // 31 days on: the N evictions past the horizon, their N closed intents past a day, the N gone entries (which
    // keep their rows: the hits above are theirs).
    const later = now + 31 * DAY;
    const got = timed(`retention of evictions, one clean's share`, () => store.write(() => evRetention.pruneOldEvictions(store, rootId(), later, N)));
    rows.push([`(${got.evictions} evictions folded, ${got.intents} closed intents and ${got.entries} gone entries deleted)`, '', '']);
    timed(`retention of evictions, nothing left`, () => store.write(() => evRetention.pruneOldEvictions(store, rootId(), later, N)));
  }
} finally {
  store.close();
  fs.rmSync(base, { recursive: true, force: true });
}
console.log(`${machine()}; ${dist}; load ${loadAverage()}`);
console.log(table(['step', 'wall ms', 'cpu ms'], rows));
