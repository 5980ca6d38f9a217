#!/usr/bin/env node
// Before and after, in one run: node scripts/bench/ab.mjs --rounds N --bin A [--bin B ...] -- ARGS...
// runs `node BIN ARGS` (stdout to /dev/null) for each --bin in turn, round after round (alternated, so that a change in
// the machine's load falls on every build alike), and prints per build the median wall time, CPU time (user + system)
// and peak RSS (VmHWM), and the lowest CPU time. A --bin is a bin/cachesweep of any checkout (an older one built with
// `npx tsc -p tsconfig.build.json` in a `git worktree`). Not part of npm run bench: a tool for a change's figures.
//   node scripts/bench/ab.mjs --rounds 5 --bin /tmp/base/bin/cachesweep --bin bin/cachesweep -- plan ROOT --json --state-dir S
// A run that exits with another code than 0 stops the comparison (a broken build is not a fast one).
import fs from 'node:fs';
import path from 'node:path';
import { fmtMB, machine, median, table, timedNode } from './lib.mjs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 0) throw new Error('usage: node scripts/bench/ab.mjs --rounds N --bin A [--bin B ...] -- ARGS...');
const args = argv.slice(dash + 1);
const bins = [];
let rounds = 5;
for (let i = 0; i < dash; i += 2) {
  if (argv[i] === '--bin') bins.push(path.resolve(argv[i + 1]));
  else if (argv[i] === '--rounds') rounds = Number(argv[i + 1]);
  else throw new Error(`ab.mjs: unknown flag ${argv[i]}`);
}
if (bins.length === 0 || !(rounds >= 1)) throw new Error('ab.mjs: at least one --bin, and --rounds >= 1');

const runs = bins.map(() => []);
const cpuFile = path.join('/tmp', `cachesweep-bench-ab-cpu-${process.pid}`);
for (let r = 0; r < rounds; r++) {
  bins.forEach((bin, b) => {
    const t = timedNode([bin, ...args], { env: { BENCH_CPU_FILE: cpuFile } });
    runs[b].push({ ms: t.ms, cpuMs: Number(fs.readFileSync(cpuFile, 'utf8')), rss: t.rssBytes });
  });
}
fs.rmSync(cpuFile, { force: true });
console.log(`${machine()}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${rounds} rounds`);
console.log(`args: ${args.join(' ')}`);
console.log(
  table(
    ['bin', 'wall ms', 'cpu ms', 'lowest cpu ms', 'peak RSS MiB'],
    bins.map((bin, b) => {
      const rs = runs[b];
      return [bin, median(rs.map((x) => x.ms)).toFixed(0), median(rs.map((x) => x.cpuMs)).toFixed(0), Math.min(...rs.map((x) => x.cpuMs)).toFixed(0), fmtMB(median(rs.map((x) => x.rss)))];
    }),
  ),
);
