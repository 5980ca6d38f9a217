#!/usr/bin/env node
// npm run bench -- --only startup (or node scripts/bench/startup.mjs): start-up of the CLI. `cachesweep --version`
// and `cachesweep --help` against `node -e 0`, --runs each (default 20), interleaved, after a warm-up; medians,
// and the ratio to `node -e 0` (which is what a Node program cannot go below). Nothing here asserts a time.
import { BIN, fmtMs, machine, median, parseFlags, table, timed } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2), ['startup']);
const RUNS = Number(flags.runs ?? (flags.quick ? 10 : 20));
const node = process.execPath;
const cases = [
  ['node -e 0', ['-e', '0']],
  ['cachesweep --version', [BIN, '--version']],
  ['cachesweep --help', [BIN, '--help']],
];
for (const [, args] of cases) timed(node, args); // warm-up (page cache)
const ms = cases.map(() => []);
for (let r = 0; r < RUNS; r++) cases.forEach(([, args], i) => ms[i].push(timed(node, args).ms));
const base = median(ms[0]);
console.log(`${machine()}; median of ${RUNS} runs each, interleaved, after a warm-up`);
console.log(table(['command', 'median ms', 'min ms', 'x node -e 0'], cases.map(([label], i) => [label, fmtMs(median(ms[i])), fmtMs(Math.min(...ms[i])), (median(ms[i]) / base).toFixed(2)])));
