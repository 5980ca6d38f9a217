#!/usr/bin/env node
// npm run bench -- --only recheck (or node scripts/bench/recheck.mjs): what the re-check before each deletion
// costs, through the built CLI (a whole `cachesweep clean`, start-up, scan, plan, store and re-checks included):
//   busy host    clean of --victims small old files (default 1,000) on this host as it is, then again with
//                --processes idle `sleep` processes (default 2,000) running; the ratio is the target (<= 2x)
//   delete       clean deleting --delete files (default 100,000) against `find ROOT -mindepth 1 -delete` on an
//                identical tree, in the same run (target <= 2x)
// Each run gets a fresh tree (made before the clock starts) and a fresh state directory, under --workdir (default
// $TMPDIR). --bin runs another build (e.g. an older checkout's bin/cachesweep) for a before/after. Best of --rounds
// (default 1). Nothing here asserts a time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, fmtInt, fmtMs, machine, MAXRSS, parseFlags, table, timed } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2), ['recheck']);
const VICTIMS = Number(flags.victims ?? 1_000);
const PROCS = Number(flags.processes ?? 2_000);
const DELETE = Number(flags.delete ?? 100_000);
const ROUNDS = Number(flags.rounds ?? 1);
const bin = flags.bin ? path.resolve(flags.bin) : BIN;
const parts = String(flags.parts ?? 'busy,delete').split(',');
const base = fs.mkdtempSync(path.join(flags.workdir ?? os.tmpdir(), 'cachesweep-bench-recheck-'));

/** A fresh cache of n old one-byte files (idle 10 days: every one a victim of the default age strategy). */
function tree(name, n) {
  const root = path.join(base, name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root);
  const old = (Date.now() - 10 * 86_400_000) / 1000;
  for (let i = 0; i < n; i++) {
    const p = path.join(root, `f${i}`);
    fs.writeFileSync(p, 'x');
    fs.utimesSync(p, old, old);
  }
  return root;
}

/** Wall-clock ms of a whole clean, and its CPU time (user + system of the cachesweep process, ms). */
function clean(root) {
  const state = path.join(base, 'state');
  const cpuFile = path.join(base, 'cpu');
  fs.rmSync(state, { recursive: true, force: true });
  const env = { ...process.env, BENCH_CPU_FILE: cpuFile };
  const r = timed(process.execPath, ['--import', MAXRSS, bin, 'clean', root, '--max-age', '1d', '--state-dir', state, '--quiet'], { env });
  const left = fs.readdirSync(root).length;
  if (left !== 0) throw new Error(`clean left ${left} files in ${root}`);
  return { ms: r.ms, cpu: Number(fs.readFileSync(cpuFile, 'utf8')) };
}

/** `find` as a whole process: wall clock, and CPU time from /usr/bin/time when it is there (else null). */
function findDelete(root) {
  const timeFile = path.join(base, 'time');
  const useTime = fs.existsSync('/usr/bin/time');
  const r = useTime
    ? timed('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'find', root, '-mindepth', '1', '-delete'])
    : timed('find', [root, '-mindepth', '1', '-delete']);
  if (fs.readdirSync(root).length !== 0) throw new Error('find left files');
  const cpu = useTime ? fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).reduce((s, x) => s + Number(x) * 1000, 0) : null;
  return { ms: r.ms, cpu };
}

function best(fn) {
  let out = { ms: Infinity, cpu: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    const x = fn();
    if (x.ms < out.ms) out = x;
  }
  return out;
}

const ratio = (a, b) => (a === null || b === null ? '' : `${(a / b).toFixed(2)}x`);
const cpuMs = (x) => (x === null ? '' : fmtMs(x));

const processes = () => fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;

/** Start n idle processes; resolves once they all run. The caller stops them (their pids, nothing else). */
async function idle(n) {
  const kids = [];
  for (let i = 0; i < n; i++) {
    const c = spawn('sleep', ['3600'], { stdio: 'ignore' });
    kids.push(c);
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(kids.map((c) => (c.pid ? Promise.resolve() : new Promise((r) => c.once('spawn', r)))));
  return () => {
    for (const c of kids) c.kill('SIGKILL');
  };
}

console.log(`${machine()}; ${bin}; best of ${ROUNDS}; trees in ${base}`);
const rows = [];
let stop = () => undefined;
process.on('SIGINT', () => {
  stop();
  fs.rmSync(base, { recursive: true, force: true });
  process.exit(130);
});
try {
  if (parts.includes('busy')) {
    const quietProcs = processes();
    const quiet = best(() => clean(tree('quiet', VICTIMS)));
    stop = await idle(PROCS);
    const busyProcs = processes();
    const busy = best(() => clean(tree('busy', VICTIMS)));
    stop();
    stop = () => undefined;
    rows.push([`clean ${fmtInt(VICTIMS)} victims, ${fmtInt(quietProcs)} processes`, fmtMs(quiet.ms), cpuMs(quiet.cpu), '', '', '']);
    rows.push([`clean ${fmtInt(VICTIMS)} victims, ${fmtInt(busyProcs)} processes`, fmtMs(busy.ms), cpuMs(busy.cpu), ratio(busy.ms, quiet.ms), ratio(busy.cpu, quiet.cpu), '<= 2x the quiet host']);
  }
  if (parts.includes('delete')) {
    const find = best(() => findDelete(tree('find', DELETE)));
    const cs = best(() => clean(tree('clean', DELETE)));
    rows.push([`find -delete ${fmtInt(DELETE)} files`, fmtMs(find.ms), cpuMs(find.cpu), '', '', '']);
    rows.push([`clean deleting ${fmtInt(DELETE)} files`, fmtMs(cs.ms), cpuMs(cs.cpu), ratio(cs.ms, find.ms), ratio(cs.cpu, find.cpu), '<= 2x find']);
  }
} finally {
  stop();
  fs.rmSync(base, { recursive: true, force: true });
}
console.log(table(['run', 'wall ms', 'cpu ms', 'wall ratio', 'cpu ratio', 'target'], rows));
