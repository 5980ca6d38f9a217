#!/usr/bin/env node
// node scripts/bench/store-days.mjs: the usage store's size after D days of a deep cache that evicts N files a day,
// as `clean` records them (the run and the N new entries it saw, the deletion journal of all N, the run's end, which
// is where retention prunes), on the test clock: day d is d days ago + D, no files made or deleted. Prints, every
// --every days, the file size, the pages in use (page_count - freelist_count: what the file would be after VACUUM)
// and the rows of evictions and deletion intents; at the end the file after VACUUM and the CPU time per day.
//   --days D (40)  --per-day N (100000)  --every K (5)  --dist DIR (dist/): the build to measure, for before/after.
import fs from 'node:fs';
import path from 'node:path';
import { fileEntry, journalDeleted, loadAverage, machine, storeBench, table } from './lib.mjs';

const { flags, dist, base, openStoreForWrite, RunRecorder } = await storeBench('store-days');
const D = Number(flags.days ?? 40);
const N = Number(flags['per-day'] ?? 100_000);
const every = Number(flags.every ?? 5);

const DAY = 86_400_000;
const start = Date.now() - D * DAY;
const root = path.join(base, 'cache');
const hex = (i) => i.toString(16).padStart(38, '0');
function plan(day, at) {
  const entries = Array.from({ length: N }, (_, i) => {
    const name = `${hex(i).slice(0, 2)}/${hex(day * N + i)}`;
    return {
      entry: fileEntry(root, name, day * N + i + 1000, at - 2 * DAY, 4096, 4096),
      usage: { lastUsedMs: at - 2 * DAY, hits: 0, inUse: [], pinned: false },
      decision: 'evict',
      reason: 'over-threshold',
      detail: null,
    };
  });
  return { root, layout: 'flat', strategy: 'lru', now: at, summary: { evictCount: N }, entries };
}

const state = path.join(base, 'state');
const store = openStoreForWrite(state);
const file = path.join(state, 'usage.db');
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
const count = (t) => store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
const used = () => (Number(store.db.pragma('page_count', { simple: true })) - Number(store.db.pragma('freelist_count', { simple: true }))) * Number(store.db.pragma('page_size', { simple: true }));
const rows = [];
const applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
const c0 = process.cpuUsage();
try {
  for (let d = 1; d <= D; d++) {
    const at = start + d * DAY;
    const p = plan(d, at);
    const r = new RunRecorder(store, root, () => at);
    r.start(p);
    journalDeleted(r, p.entries, { ...applied, deleted: p.entries.map((v) => v.entry), freedBytes: N * 4096 });
    if (d % every === 0 || d === D) {
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      rows.push([String(d), mib(fs.statSync(file).size), mib(used()), String(count('evictions')), String(count('deletion_intents')), String(count('entries'))]);
    }
  }
  const c = process.cpuUsage(c0);
  store.db.exec('VACUUM');
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  rows.push(['VACUUM', mib(fs.statSync(file).size), mib(used()), '', '', '']);
  console.log(`${machine()}; ${dist}; ${N} evictions a day; CPU ${((c.user + c.system) / 1e6 / D).toFixed(2)} s per day; load ${loadAverage()}`);
  console.log(table(['day', 'file', 'pages in use', 'evictions', 'intents', 'entries'], rows));
} finally {
  store.close();
  fs.rmSync(base, { recursive: true, force: true });
}
