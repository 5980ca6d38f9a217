#!/usr/bin/env node
// npm run bench -- --only scan (or node scripts/bench/scan.mjs): cachesweep's scan and plan against find and du, on
// synthetic caches it generates (shape "many": 100k files in the root; "deep": 1,000 entries of 1,000 files), on the
// local disk (--workdir, default $TMPDIR/cachesweep-bench; trees are kept and reused) and on a tmpfs it mounts
// (fresh each run, unmounted at the end, on failure and on Ctrl-C too). Per tree, in the same run: a warm-up of each
// command, then --rounds rounds (default 5) of find, du, scan alone, plan --json with the usage store, interleaved;
// medians, ratios to find, peak RSS. Nothing here asserts a time.
// --scan-threads 1,2,0 runs scan and plan once per value of CACHESWEEP_SCAN_THREADS in each round (1: the listings
// on one thread, as before native/parallel.c; 2: two whatever the load; 0, the default: one per idle CPU), so that
// they compare on the same tree in the same run; their CPU time (user + system) is shown beside the wall time.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, fmtInt, fmtMB, fmtMs, machine, median, parseFlags, REPO, table, timed, timedNode } from './lib.mjs';
import { ensureTree, nodesOf, shapeOf } from './trees.mjs';

const flags = parseFlags(process.argv.slice(2), ['scan']);
const quick = Boolean(flags.quick);
const shapes = String(flags.shapes ?? (quick ? 'many' : 'many,deep,flat,sharded')).split(',').filter(Boolean);
const filesystems = String(flags.fs ?? 'disk,tmpfs').split(',').filter(Boolean);
for (const f of filesystems) if (f !== 'disk' && f !== 'tmpfs') throw new Error(`--fs: unknown filesystem '${f}' (disk, tmpfs)`);
const rounds = Number(flags.rounds ?? (quick ? 3 : 5));
const scale = Number(flags.scale ?? (quick ? 0.2 : 1));
if (!(rounds >= 1) || !(scale > 0 && scale <= 1)) throw new Error('--rounds must be >= 1 and --scale in (0, 1]');
const threadSettings = flags['scan-threads'] === undefined ? [undefined] : String(flags['scan-threads']).split(',').map(Number);
if (threadSettings.some((t) => t !== undefined && !(Number.isInteger(t) && t >= 0))) throw new Error('--scan-threads: a list of thread counts (0: one per idle CPU)');
const workdir = path.resolve(flags.workdir ?? path.join(os.tmpdir(), 'cachesweep-bench'));
const log = (line) => console.error(`bench: ${line}`);

// ---- the tmpfs: mounted here, unmounted whatever happens ----
let mounted;
function unmount() {
  if (!mounted) return;
  const dir = mounted;
  mounted = undefined;
  const r = spawnSync('umount', [dir]);
  if (r.status !== 0) spawnSync('umount', ['-l', dir]);
  try {
    fs.rmdirSync(dir);
  } catch {
    // still mounted (lazily unmounted) or already gone
  }
}
function mount(nodes) {
  if (process.getuid?.() !== 0) throw new Error('--fs tmpfs mounts a tmpfs and must run as root (or give --fs disk)');
  const dir = path.join(workdir, `tmpfs-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const size = flags['tmpfs-size'] ?? `${Math.ceil((nodes * 8192) / 2 ** 30) + 1}g`;
  const opts = `size=${size},nr_inodes=${Math.ceil(nodes * 1.1) + 10_000}`;
  execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]);
  mounted = dir;
  log(`mounted a tmpfs (${opts}) on ${dir}`);
  return dir;
}
process.on('exit', unmount);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    unmount();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

// ---- one tree: warm-up, then rounds of the four commands, interleaved ----
/** Does this build take `--entries files` (every file at any depth an entry)? The sharded shape then uses it. */
function hasEntriesFlag() {
  const r = spawnSync(process.execPath, [BIN, 'plan', '--help'], { encoding: 'utf8' });
  return /--entries\b/.test(r.stdout ?? '');
}

/**
 * One tree: `entries` is what scan() finds, `planEntries` what the plan lists (they differ for the sharded shape
 * under --entries files, whose store, filled by top-level name, then gives no hits: `needHits` false).
 */
function benchTree(label, root, stateDir, nodes, entries, { planEntries = entries, extraArgs = [], needHits = true } = {}) {
  const find = () => timed('find', [root, '-printf', '%s %b %A@ %T@\n']).ms;
  const du = () => timed('du', ['-s', '--block-size=1', root]).ms;
  const envOf = (threads) => (threads === undefined ? {} : { CACHESWEEP_SCAN_THREADS: String(threads) });
  const scanOnce = (threads) => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'bench', 'scan-child.mjs'), root], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, ...envOf(threads) },
    });
    if (r.status !== 0) throw new Error(`scan child failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    if (out.entries !== entries || out.nodes !== nodes) throw new Error(`scan found ${out.entries} entries, ${out.nodes} nodes; expected ${entries}, ${nodes}`);
    return out;
  };
  const planArgs = [BIN, 'plan', root, '--json', '--state-dir', stateDir, ...extraArgs];
  const cpuFile = path.join(workdir, `plan-cpu-${process.pid}`);
  const plan = (threads, stdoutFile) => {
    const r = timedNode(planArgs, { stdoutFile, tmp: workdir, env: { ...envOf(threads), BENCH_CPU_FILE: cpuFile } });
    const cpuMs = Number(fs.readFileSync(cpuFile, 'utf8'));
    fs.rmSync(cpuFile, { force: true });
    return { ...r, cpuMs };
  };

  // warm-up: also checks that the plan is complete and that it read the store
  find();
  du();
  const check = path.join(workdir, `plan-${process.pid}.json`);
  for (const threads of threadSettings) {
    scanOnce(threads);
    plan(threads, check);
    const doc = JSON.parse(fs.readFileSync(check, 'utf8'));
    fs.rmSync(check);
    const hitEntries = doc.entries.filter((e) => e.hits > 0).length;
    if (doc.entries.length !== planEntries || (needHits && hitEntries === 0)) {
      throw new Error(`plan: ${doc.entries.length} entries (expected ${planEntries}), ${hitEntries} with hits: the store was not read`);
    }
  }

  const t = { find: [], du: [], runs: threadSettings.map(() => ({ scan: [], scanCpu: [], scanRss: [], plan: [], planCpu: [], planRss: [] })) };
  for (let r = 0; r < rounds; r++) {
    t.find.push(find());
    t.du.push(du());
    threadSettings.forEach((threads, k) => {
      const run = t.runs[k];
      const s = scanOnce(threads);
      run.scan.push(s.ms);
      run.scanCpu.push(s.cpuMs);
      run.scanRss.push(s.rssBytes);
      const p = plan(threads);
      run.plan.push(p.ms);
      run.planCpu.push(p.cpuMs);
      run.planRss.push(p.rssBytes);
    });
  }
  const findMs = median(t.find);
  const duMs = median(t.du);
  return threadSettings.map((threads, k) => {
    const m = Object.fromEntries(Object.entries(t.runs[k]).map(([key, v]) => [key, median(v)]));
    const peak = Math.max(...t.runs[k].planRss);
    const name = threads === undefined ? label : `${label}, threads ${threads === 0 ? 'per idle CPU' : threads}`;
    log(`${name}: find ${fmtMs(findMs)} ms, du ${fmtMs(duMs)}, scan ${fmtMs(m.scan)} (${(m.scan / findMs).toFixed(2)}x; CPU ${fmtMs(m.scanCpu)}), plan ${fmtMs(m.plan)} (${(m.plan / findMs).toFixed(2)}x; CPU ${fmtMs(m.planCpu)}), plan RSS ${fmtMB(peak)} MiB`);
    return { label: name, nodes, entries: planEntries, find: findMs, du: duMs, ...m, planRssPeak: peak, all: { find: t.find, du: t.du, ...t.runs[k] } };
  });
}

// ---- main ----
console.log(`${machine()}; median of ${rounds} rounds after a warm-up; ${new Date().toISOString()}`);
fs.mkdirSync(workdir, { recursive: true });
const baseline = timedNode([BIN, '--version'], { tmp: workdir }).rssBytes;
const results = [];
try {
  for (const name of shapes) {
    const shape = shapeOf(name, scale);
    const nodes = nodesOf(shape);
    for (const where of filesystems) {
      const dir = where === 'disk' ? path.join(workdir, `${name}-${shape.entries}`) : path.join(mount(nodes), name);
      const tree = await ensureTree(shape, dir, { regenerate: Boolean(flags.regenerate) || where === 'tmpfs', log });
      const files = shape.shards && hasEntriesFlag();
      const opts = files ? { planEntries: shape.files, extraArgs: ['--entries', 'files'], needHits: false } : {};
      results.push(...benchTree(`${name} ${where}${files ? ' (--entries files)' : ''}`, tree.root, tree.stateDir, nodes, shape.entries, opts));
      if (where === 'tmpfs') unmount();
      else if (flags.remove) {
        log(`removing ${dir} (--remove)`);
        execFileSync('rm', ['-rf', '--one-file-system', dir]);
      }
    }
  }
} finally {
  unmount();
}

const rows = results.map((r) => [
  r.label,
  fmtInt(r.nodes),
  fmtInt(r.entries),
  fmtMs(r.find),
  fmtMs(r.du),
  fmtMs(r.scan),
  fmtMs(r.scanCpu),
  (r.scan / r.find).toFixed(2),
  fmtMs(r.plan),
  fmtMs(r.planCpu),
  (r.plan / r.find).toFixed(2),
  fmtMB(r.scanRss),
  fmtMB(r.planRssPeak),
  fmtInt(r.planRssPeak / r.nodes),
  fmtInt(Math.max(0, r.planRssPeak - baseline) / r.nodes),
  fmtInt(Math.max(0, r.planRssPeak - baseline) / r.entries),
]);
console.log(
  `\n${table(['tree', 'nodes', 'entries', 'find ms', 'du ms', 'scan ms', 'scan CPU ms', 'scan/find', 'plan ms', 'plan CPU ms', 'plan/find', 'scan RSS MiB', 'plan RSS MiB', 'B/node', 'B/node over --version', 'B/entry over --version'], rows)}`,
);
console.log(`\n(peak RSS = VmHWM; --version alone peaks at ${fmtMB(baseline)} MiB; scan = scan() in a child process, timed inside it after its imports;`);
console.log(` plan = the whole \`cachesweep plan ROOT --json --state-dir STATE\` process, start-up included, stdout to /dev/null)`);
