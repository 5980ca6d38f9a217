#!/usr/bin/env node
// npm run bench -- --only build (or node scripts/bench/build.mjs): the pure planner, buildPlan (src/plan/build.ts),
// on --entries synthetic entries (default 1,000,000) and their usage, in this process, for the default strategy and
// for the pressure strategies with a size threshold. The reference is a trivial pass over the same array (look up
// each entry's usage, sum the bytes of the idle ones): `x trivial` is how many such passes one plan costs.
// Best of --rounds (default 3). Nothing here asserts a time.
import path from 'node:path';
import { bestOf, fmtInt, fmtMs, machine, parseFlags, REPO, table } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2), ['build']);
const N = Number(flags.entries ?? (flags.quick ? 100_000 : 1_000_000));
const ROUNDS = Number(flags.rounds ?? 3);
const dist = (p) => import(path.join(REPO, 'dist', p));
const { buildPlan } = await dist('plan/build.js');
const { planOptionsFrom } = await dist('config/options.js');

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const now = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const entries = new Array(N);
const usage = new Map();
let cacheBytes = 0;
for (let i = 0; i < N; i++) {
  // flat strings, as readdir gives them (a template literal makes a cons string, much slower to compare)
  const name = Buffer.from(`e${String(i).padStart(7, '0')}.img`).toString();
  const mtimeMs = rnd() < 0.7 ? now - rnd() * 20 * HOUR : now - 48 * HOUR - rnd() * 28 * 24 * HOUR;
  const bytes = 4096 * (1 + Math.floor(rnd() * 8));
  cacheBytes += bytes;
  const e = {
    name,
    path: `/cache/${name}`,
    kind: 'file',
    class: 'file',
    partial: false,
    unknown: false,
    bytes,
    allocatedBytes: bytes,
    apparentBytes: bytes - 100,
    mtimeMs,
    atimeMs: mtimeMs,
    fingerprint: { dev: 1, ino: i + 100, kind: 'file', apparentBytes: bytes - 100, mtimeMs, nodes: 1 },
    warnings: [],
  };
  entries[i] = e;
  const hits = Math.floor(rnd() * 4);
  usage.set(name, { lastUsedMs: mtimeMs, hits, inUse: [], pinned: false, firstSeenMs: now - 40 * 24 * HOUR });
}
const input = { root: '/cache', layout: 'generic', entries, usage, cacheBytes, disk: { usedBytes: cacheBytes, availableBytes: cacheBytes, usedPercent: 50 }, now };

function trivial() {
  let s = 0;
  for (const e of entries) {
    const u = usage.get(e.name);
    if (now - u.lastUsedMs > 24 * HOUR) s += e.bytes;
  }
  return s;
}

const best = (fn) => bestOf(ROUNDS, fn);

const half = `${Math.floor(cacheBytes / 2 / 2 ** 20)}M`;
const cases = [
  ['age (default: max-age 24h)', {}],
  [`lru --threshold ${half}`, { strategy: 'lru', threshold: half }],
  [`lfu --threshold ${half}`, { strategy: 'lfu', threshold: half }],
  [`size --threshold ${half}`, { strategy: 'size', threshold: half }],
  [`gdsf --threshold ${half}`, { strategy: 'gdsf', threshold: half }],
];
console.log(`${machine()}; ${fmtInt(N)} synthetic entries; best of ${ROUNDS} rounds, in one process`);
const t = best(trivial);
const rows = [['(trivial pass)', fmtMs(t.ms), '1', '']];
for (const [label, raw] of cases) {
  const opts = planOptionsFrom(raw);
  const r = best(() => buildPlan(input, opts));
  rows.push([label, fmtMs(r.ms), (r.ms / t.ms).toFixed(0), fmtInt(r.out.summary.evictCount)]);
}
console.log(table(['buildPlan', 'ms', 'x trivial', 'victims'], rows));
