#!/usr/bin/env node
// npm run bench -- --only journal (or node scripts/bench/journal.mjs): what the usage store adds to deleting
// --victims small files (default 20,000), each one unlinked as a clean deletes it, in this process:
//   unlink only        the deletions alone, the reference
//   journal            a clean's recorder: the run and its entries, then the deletion journal (intents committed
//                      per batch of 500 before the batch's first deletion, outcomes with the next batch)
//   one commit each    the same run, then one synchronous transaction per eviction (recordEviction), as clean
//                      did before the journal
// The re-checks and in-use detection of a real clean are left out: they cost more than all of this, and are the
// same whatever the store does. A fresh tree and a fresh store (synchronous=FULL) on the same filesystem for
// each; best of --rounds (default 2). --variants 'unlink only,journal' runs only those (one commit each takes
// minutes at 100,000 victims). Nothing here asserts a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmtMs, machine, parseFlags, REPO, table } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2), ['journal']);
const N = Number(flags.victims ?? 20_000);
const ROUNDS = Number(flags.rounds ?? 2);
const base = fs.mkdtempSync(path.join(flags.workdir ?? os.tmpdir(), 'cachesweep-bench-journal-'));
// the runs alone are timed, not the making of their trees
const dist = (p) => import(path.join(REPO, 'dist', p));
const { scan } = await dist('scan/scan.js');
const { buildPlan } = await dist('plan/build.js');
const { planOptionsFrom } = await dist('config/options.js');
const { openStoreForWrite } = await dist('usage/store/open.js');
const { RunRecorder } = await dist('core/record-run.js');
const { recordEviction } = await dist('usage/store/write.js');

/** A fresh cache of N old one-byte files and its plan (every file a victim), and a fresh state directory. */
function fresh() {
  const root = path.join(base, 'cache');
  const state = path.join(base, 'state');
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(state, { recursive: true, force: true });
  fs.mkdirSync(root);
  const old = (Date.now() - 10 * 86_400_000) / 1000;
  for (let i = 0; i < N; i++) {
    const p = path.join(root, `f${i}`);
    fs.writeFileSync(p, 'x');
    fs.utimesSync(p, old, old);
  }
  const s = scan(root);
  const usage = new Map(s.entries.map((e) => [e.name, { lastUsedMs: e.mtimeMs, hits: 0, inUse: [], pinned: false }]));
  const disk = { usedBytes: 0, availableBytes: 1, usedPercent: 0 };
  const plan = buildPlan({ root: s.root, layout: s.layout, entries: s.entries, usage, cacheBytes: s.cacheBytes, disk, now: Date.now() }, planOptionsFrom({ maxAge: '1d' }));
  return { plan, state, victims: plan.entries.filter((e) => e.decision === 'evict') };
}

const applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
const variants = {
  'unlink only': ({ victims }) => {
    for (const v of victims) fs.unlinkSync(v.entry.path);
  },
  journal: ({ plan, state, victims }) => {
    const store = openStoreForWrite(state);
    const rec = new RunRecorder(store, plan.root, Date.now, { now: plan.now });
    rec.start(plan);
    for (const v of victims) {
      const stop = rec.beforeDelete(v);
      if (stop) throw new Error(stop);
      fs.unlinkSync(v.entry.path);
      rec.outcome(v, 'deleted');
    }
    const err = rec.finish(applied);
    store.close();
    if (err) throw err;
  },
  'one commit each': ({ plan, state, victims }) => {
    const store = openStoreForWrite(state);
    const rec = new RunRecorder(store, plan.root, Date.now, { now: plan.now });
    rec.start(plan);
    for (const v of victims) {
      fs.unlinkSync(v.entry.path);
      const e = v.entry;
      const ev = { name: e.name, dev: e.fingerprint.dev, ino: e.fingerprint.ino, kind: e.kind, class: e.class, reason: v.reason, detail: v.detail ?? null };
      recordEviction(store, plan.root, null, { ...ev, strategy: plan.strategy, bytes: e.bytes, apparentBytes: e.apparentBytes, hits: 0, lastUsedMs: null }, Date.now());
    }
    store.close();
  },
};

console.log(`${machine()}; ${N} victims in ${base}; best of ${ROUNDS}`);
const rows = [];
let reference;
try {
  const chosen = flags.variants ? flags.variants.split(',') : Object.keys(variants);
  for (const [name, run] of Object.entries(variants).filter(([n]) => chosen.includes(n))) {
    let best = Infinity;
    for (let r = 0; r < ROUNDS; r++) {
      const f = fresh();
      const t0 = process.hrtime.bigint();
      run(f);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    reference ??= best;
    rows.push([name, fmtMs(best), `${((best * 1000) / N).toFixed(0)} us`, `${(best / reference).toFixed(1)}x`]);
  }
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
console.log(table(['variant', 'ms', 'per victim', 'x unlink only'], rows));
