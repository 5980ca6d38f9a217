#!/usr/bin/env node
// npm run bench -- --only sim (or node scripts/bench/sim.mjs): simulation throughput per strategy on the traces of
// data/traces (the vendored AdaptSize trace and the generated block-I/O one), and on any trace given with --trace FILE
// (repeatable; replayed at 256 MiB), such as libCacheSim's CloudPhysics sample (data/cloudPhysicsIO.oracleGeneral.bin).
// Each trace is read once with cachesweep's own reader, then looped (ids shifted on every loop, so each loop brings
// new objects) to at least --requests requests (default 3,000,000), and replayed against each strategy through the
// same code path as `cachesweep simulate` (engine.serve, in 65,536-request chunks). A trivial pass over the same
// chunks (sum the sizes, look at every id) is timed in the same process as the reference: the ratio says how many
// times that pass each strategy costs, which stays comparable from machine to machine. Nothing here asserts a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { blockioCsv } from '../../data/traces/blockio.mjs';
import { bestOf } from './lib.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(path.join(REPO, 'dist', p));
const { serve, tallyOf, idsOf, newRequests } = await dist('sim/engine.js');
const { Interner } = await dist('sim/interner.js');
const { POLICIES } = await dist('sim/policies/registry.js');
const { BeladyPolicy } = await dist('sim/belady.js');
const { LookaheadBuilder } = await dist('sim/next-use.js');
const { pfooBounds } = await dist('sim/pfoo.js');
const { openTraceFile } = await dist('sim/trace/open.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const TARGET = Number(opt('requests', 3_000_000));
const ROUNDS = Number(opt('rounds', 3));
const MiB = 2 ** 20;

/** The generated trace as a file (the reader takes a path), in the temporary directory. */
function blockioFile() {
  const file = path.join(os.tmpdir(), `cachesweep-bench-blockio-${process.pid}.csv`);
  fs.writeFileSync(file, blockioCsv());
  process.on('exit', () => fs.rmSync(file, { force: true }));
  return file;
}

const TRACES = [
  { label: 'adaptsize_request.csv', file: path.join(REPO, 'data', 'traces', 'adaptsize_request.csv'), capacity: 32 * MiB },
  { label: 'blockio.csv (generated)', file: blockioFile(), capacity: 256 * MiB },
  ...args.flatMap((a, i) => (a === '--trace' ? [{ label: path.basename(args[i + 1]), file: path.resolve(args[i + 1]), capacity: 256 * MiB }] : [])),
];
const CHUNK = 1 << 16;

async function load(file) {
  const keys = [];
  const sizes = [];
  const times = [];
  await openTraceFile(file).read(
    (c) => {
      for (let i = 0; i < c.n; i++) {
        keys.push(c.keys[i]);
        sizes.push(c.sizes[i]);
        times.push(c.times[i]);
      }
    },
    (p) => {
      throw new Error(`${file}: ${p.where}: ${p.why}`);
    },
  );
  return { keys, sizes, times };
}

/** The trace looped to at least TARGET requests, ids shifted by (largest id + 1) on each loop, in reader-sized chunks. */
function looped(t) {
  const span = Math.max(...t.keys) + 1;
  const loops = Math.ceil(TARGET / t.keys.length);
  const n = loops * t.keys.length;
  const chunks = [];
  for (let at = 0; at < n; at += CHUNK) {
    const m = Math.min(CHUNK, n - at);
    const c = { n: m, keys: new Array(m), sizes: new Float64Array(m), times: new Float64Array(m) };
    for (let i = 0; i < m; i++) {
      const g = at + i;
      const j = g % t.keys.length;
      const loop = (g - j) / t.keys.length;
      c.keys[i] = t.keys[j] + loop * span;
      c.sizes[i] = t.sizes[j];
      c.times[i] = t.times[j] + loop * (t.times[t.times.length - 1] + 1);
    }
    chunks.push(c);
  }
  return { chunks, n };
}

function trivialPass(chunks) {
  let sum = 0;
  let odd = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.n; i++) {
      sum += c.sizes[i];
      if (c.keys[i] === -1) odd++;
    }
  }
  return sum + odd;
}

/** What `simulate` does per chunk and cache: ids to policy ids (interner.ts), then serve and count (engine.ts). */
function replayOnce(make, chunks, next) {
  const sim = { policy: make(), tally: new Float64Array(6), offline: next !== null };
  const first = new Uint8Array(CHUNK);
  const interner = new Interner();
  const req = newRequests();
  let base = 0;
  for (const c of chunks) {
    serve(sim, idsOf(c, interner, req), first, base, 0, next);
    base += c.n;
  }
  return tallyOf(sim.tally);
}

/** Best of ROUNDS wall-clock times (ms) of fn. */
const best = (fn) => bestOf(ROUNDS, fn);

const fmt = (v) => Math.round(v).toLocaleString('en-US');
console.log(`node ${process.version}, ${process.arch}; best of ${ROUNDS} rounds; one core (single-threaded)`);
for (const tr of TRACES) {
  const file = tr.file;
  if (!fs.existsSync(file)) {
    console.error(`bench: ${file} is missing`);
    process.exit(1);
  }
  const { chunks, n } = looped(await load(file));
  const b = new LookaheadBuilder();
  for (const c of chunks) for (let i = 0; i < c.n; i++) b.add(c.keys[i], c.sizes[i]);
  const look = b.finish();
  const trivial = best(() => trivialPass(chunks));
  console.log(`\n${tr.label}: ${fmt(n)} requests (looped), capacity ${tr.capacity / MiB} MiB`);
  console.log(`${'strategy'.padEnd(10)} ${'req/s'.padStart(12)} ${'ms'.padStart(8)} ${'x trivial'.padStart(10)} ${'miss ratio'.padStart(11)}`);
  console.log(`${'(trivial)'.padEnd(10)} ${fmt((n / trivial.ms) * 1000).padStart(12)} ${trivial.ms.toFixed(1).padStart(8)} ${'1.0'.padStart(10)}`);
  const rows = [...POLICIES.map((p) => ({ name: p.name, make: () => p.make(tr.capacity, { maxAgeSeconds: 86400 }), next: null })), { name: 'belady', make: () => new BeladyPolicy(tr.capacity), next: look.next }];
  for (const row of rows) {
    const r = best(() => replayOnce(row.make, chunks, row.next));
    const miss = 1 - r.out.hits / r.out.requests;
    console.log(`${row.name.padEnd(10)} ${fmt((n / r.ms) * 1000).padStart(12)} ${r.ms.toFixed(1).padStart(8)} ${(r.ms / trivial.ms).toFixed(1).padStart(10)} ${miss.toFixed(4).padStart(11)}`);
  }
  const pf = best(() => pfooBounds(look, [tr.capacity]));
  console.log(`${'pfoo-l'.padEnd(10)} ${fmt((n / pf.ms) * 1000).padStart(12)} ${pf.ms.toFixed(1).padStart(8)} ${(pf.ms / trivial.ms).toFixed(1).padStart(10)} ${pf.out[0].missRatio.toFixed(4).padStart(11)}  (lower bound; sort + one pass)`);
}
