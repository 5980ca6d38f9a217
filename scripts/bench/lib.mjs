// Shared helpers of the benchmarks: argument parsing, timing of child processes, medians, formatting, and the set-up
// and steps common to the benches of the usage store's own code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin', 'cachesweep');
/** Preload (node --import) that writes the process's peak RSS (KiB) to $BENCH_MAXRSS_FILE at exit. */
export const MAXRSS = path.join(REPO, 'scripts', 'bench', 'maxrss.mjs');

/** Flags each bench takes (value flags, and switches without a value). */
export const FLAGS = {
  sim: { values: ['requests', 'rounds', 'traces'], switches: [] },
  scan: { values: ['shapes', 'fs', 'rounds', 'workdir', 'scale', 'tmpfs-size', 'scan-threads'], switches: ['regenerate', 'remove', 'quick'] },
  build: { values: ['entries', 'rounds'], switches: ['quick'] },
  startup: { values: ['runs'], switches: ['quick'] },
  journal: { values: ['victims', 'rounds', 'workdir', 'variants'], switches: [] },
  'store-days': { values: ['days', 'per-day', 'every', 'dist', 'workdir'], switches: [] },
  store: { values: ['entries', 'hits', 'rounds', 'workdir', 'dist'], switches: [] },
  recheck: { values: ['victims', 'processes', 'delete', 'rounds', 'workdir', 'bin', 'parts'], switches: [] },
};

/** Parse `--name value` / `--switch` flags of the given benches; an unknown flag is an error naming it. */
export function parseFlags(argv, benches) {
  const values = new Set(benches.flatMap((b) => FLAGS[b].values));
  const switches = new Set(benches.flatMap((b) => FLAGS[b].switches));
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && switches.has(name)) out[name] = true;
    else if (name !== undefined && values.has(name)) {
      if (i + 1 >= argv.length) throw new Error(`--${name}: missing its value`);
      out[name] = argv[++i];
    } else throw new Error(`unknown argument ${a} (flags: ${[...values].map((v) => `--${v} X`).concat([...switches].map((s) => `--${s}`)).join(' ')})`);
  }
  return out;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const devNull = () => fs.openSync('/dev/null', 'w');

/**
 * Run a command to completion, stdout to /dev/null (or a file), and time it (wall clock, ms, from spawn to exit).
 * Throws with its stderr when it fails (exit codes in `ok` are accepted).
 */
export function timed(cmd, args, { env, stdoutFile, ok = [0], maxBuffer } = {}) {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : devNull();
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', out, 'pipe'], env: env ?? process.env, maxBuffer: maxBuffer ?? 64 << 20 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) throw r.error;
    if (!ok.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal}: ${String(r.stderr).trim().slice(0, 500)}`);
    return { ms, stderr: String(r.stderr) };
  } finally {
    fs.closeSync(out);
  }
}

/** Run `node [--import maxrss] args`, timed, with its peak RSS in bytes. */
export function timedNode(args, opts = {}) {
  const file = path.join(opts.tmp ?? '/tmp', `cachesweep-bench-maxrss-${process.pid}`);
  const env = { ...process.env, ...(opts.env ?? {}), BENCH_MAXRSS_FILE: file };
  const r = timed(process.execPath, ['--import', MAXRSS, ...args], { ...opts, env });
  const rssKiB = Number(fs.readFileSync(file, 'utf8'));
  fs.rmSync(file, { force: true });
  return { ...r, rssBytes: rssKiB * 1024 };
}

export const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
export const fmtInt = (v) => Math.round(v).toLocaleString('en-US');
export const fmtMB = (b) => (b / 2 ** 20).toFixed(1);

/** Print rows as a fixed-width table (first column left-aligned, the rest right-aligned). */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

export function machine() {
  const cpus = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? 'unknown cpu';
  return `node ${process.version}, ${process.arch}, ${cpus}, nproc ${spawnSync('nproc').stdout?.toString().trim()}`;
}

/** The best of `rounds` wall-clock times (ms) of fn, and what its last call returned. */
export function bestOf(rounds, fn) {
  let ms = Infinity;
  let out;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    out = fn();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms, out };
}

/** The load average over 1, 5 and 15 minutes, for a bench's first line (its figures mean little without it). */
export const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/**
 * What a bench of the usage store's own code, in its own process (store.mjs, store-days.mjs), starts with: its
 * flags; a fresh work directory `base` (under --workdir), which it removes at the end; the build it measures
 * (`dist`: --dist DIR, default dist/, so that before and after run in the same hour) with `mod`, a loader of that
 * build's modules; and the store opener and run recorder that every such bench uses.
 */
export async function storeBench(bench) {
  const flags = parseFlags(process.argv.slice(2), [bench]);
  const dist = path.resolve(flags.dist ?? path.join(REPO, 'dist'));
  const base = fs.mkdtempSync(path.join(flags.workdir ?? os.tmpdir(), `cachesweep-bench-${bench}-`));
  const mod = (p) => import(path.join(dist, p));
  const { openStoreForWrite } = await mod('usage/store/open.js');
  const { RunRecorder } = await mod('core/record-run.js');
  return { flags, dist, base, mod, openStoreForWrite, RunRecorder };
}

/**
 * A plan's file entry as the scan gives it, `bytes` allocated (`apparentBytes` long), last modified and accessed
 * `atMs`, on device 1, inode `ino`.
 */
export function fileEntry(root, name, ino, atMs, bytes, apparentBytes) {
  return {
    name,
    path: path.join(root, name),
    kind: 'file',
    class: 'file',
    bytes,
    apparentBytes,
    mtimeMs: atMs,
    atimeMs: atMs,
    fingerprint: { dev: 1, ino, kind: 'file', nodes: 1, apparentBytes, mtimeMs: atMs },
  };
}

/**
 * A clean's journal of `victims` (planned entries of the run `recorder` started), none unlinked: each one's intent
 * and its outcome 'deleted', then the run's end with `applied`. Throws where clean would have stopped.
 */
export function journalDeleted(recorder, victims, applied) {
  for (const v of victims) {
    if (recorder.beforeDelete(v)) throw new Error('stopped');
    recorder.outcome(v, 'deleted');
  }
  if (recorder.finish(applied)) throw new Error('finish');
}
