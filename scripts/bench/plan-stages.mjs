// Where a plan's time and memory go, stage by stage, in one process (after npm run build):
//   node --expose-gc scripts/bench/plan-stages.mjs ROOT STATE_DIR [--entries files]
// Per stage: its wall and CPU time, the heap in use and the RSS right after it, the peak RSS so far (VmHWM), and
// (with --expose-gc) the heap still live after a full collection, so a stage's garbage and what it keeps are told
// apart. The stages are prepare()'s and preparePlan()'s, taken apart: scan, each usage provider's collect, the
// merge, the planner, the --json text (written to /dev/null). Not part of npm run bench: a tool for finding costs.
//   ... ROOT STATE_DIR --report csv md ...
// adds a stage per --report format after them, the report written (atomically, as a run writes it) into a temporary
// directory: before each, a full collection and the peak RSS reset (/proc/self/clear_refs), so its peak RSS is
// that stage's own. A build whose formats do not stream (before issue 15) renders them from the plan's document.
//   ... ROOT STATE_DIR --snapshot DIR ...
// writes a heap snapshot (after a full collection) at the end of the plan and the json stages, DIR/plan.heapsnapshot
// and DIR/json.heapsnapshot, for scripts/bench/heap-groups.mjs. The snapshot's own time and memory are not counted
// in the next stage's figures, but the peak RSS includes what writing it took.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { REPO } from './lib.mjs';
import { peakRssKiB } from './maxrss.mjs';

const [root, stateDir, ...rest] = process.argv.slice(2);
if (!root || !stateDir) throw new Error('usage: node --expose-gc scripts/bench/plan-stages.mjs ROOT STATE_DIR [--entries files] [--report FORMAT...]');
let entries;
let reports = [];
let snapshotDir;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--entries' && rest[i + 1] === 'files') entries = { kind: 'files' };
  else if (rest[i] === '--snapshot') snapshotDir = rest[i + 1];
  else if (rest[i] === '--report') {
    reports = rest.slice(i + 1);
    break;
  } else continue;
  i++;
}
const dist = (p) => import(path.join(REPO, 'dist', p));
const { locate } = await dist('core/locate.js');
const { scan } = await dist('scan/scan.js');
const { usageProviders } = await dist('usage/providers.js');
const { openStoreSnapshot } = await dist('usage/store/open.js');
const { mergeUsage } = await dist('usage/merge.js');
const { releaseEntryTables } = await dist('usage/entry-index.js'); // as prepare() does after the collect (absent before)
const { buildPlan } = await dist('plan/build.js');
const { planOptionsFrom } = await dist('config/options.js');
const { diskFigures } = await dist('sys/disk.js');
const { planJsonChunks, planToJson } = await dist('report/json.js');
const registry = await dist('report/formats/registry.js');
const { writeFileAtomic } = await dist('cli/term/write-atomic.js');

const MiB = 2 ** 20;
let wall = performance.now();
let cpu = process.cpuUsage();
console.log('stage              wall ms  cpu ms  heap MiB  rss MiB  peak rss MiB  live heap MiB');
function stage(name) {
  const w = performance.now() - wall;
  const c = process.cpuUsage(cpu);
  const m = process.memoryUsage();
  const peak = peakRssKiB() / 1024;
  let live = '';
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    live = (process.memoryUsage().heapUsed / MiB).toFixed(0);
  }
  const cols = [w.toFixed(0), ((c.user + c.system) / 1000).toFixed(0), (m.heapUsed / MiB).toFixed(0), (m.rss / MiB).toFixed(0), peak.toFixed(0), live];
  console.log(`${name.padEnd(17)} ${cols.map((v, i) => v.padStart([8, 7, 9, 8, 13, 14][i])).join(' ')}`);
  wall = performance.now();
  cpu = process.cpuUsage();
}
// Synchronous, as the stages are: an await between the plan and its snapshot would end the job, and what V8 keeps
// until then (about 20 MiB of the planner's at 200k entries) would be gone from the snapshot.
function snapshot(name) {
  if (!snapshotDir) return;
  globalThis.gc?.();
  const file = v8.writeHeapSnapshot(path.join(snapshotDir, `${name}.heapsnapshot`));
  console.log(`  heap snapshot: ${file}`);
  wall = performance.now();
  cpu = process.cpuUsage();
}

stage('start');
const where = locate({ root, stateDir });
const now = Date.now();
// As prepare() reads the store since issue 15: what needs no scan read from a snapshot before the scan, the snapshot
// closed (and the C heap trimmed) before it; a build without readAhead reads the snapshot after the scan.
const { readAhead } = await dist('usage/store/provider.js');
const { trimMemory } = await dist('sys/native.js');
let storeRead;
if (readAhead) {
  const snap = openStoreSnapshot(where.stateDir);
  storeRead = snap && { read: readAhead(snap, where.root, { nowMs: now }), reopen: () => openStoreSnapshot(where.stateDir) };
  snap?.close();
  trimMemory?.();
  stage('store read');
}
const result = scan(where.root, { layout: 'auto', ...(entries ? { entries } : {}) });
trimMemory?.();
stage('scan');
const store = readAhead ? undefined : openStoreSnapshot(where.stateDir);
const providers = usageProviders({ ...where, scan: result, ...(store ? { store } : {}), ...(readAhead ? { storeRead } : {}) }, {}, () => undefined);
storeRead = undefined;
// In a function of its own: at the top level, the for-of over the last provider's signals stayed in a register of
// the module's frame until the next await, and the store's 200,000 signals (about 18 MiB) counted as live after the
// merge, the plan and the json stages. prepare() drops them when it returns.
async function collectAll() {
  const all = [];
  for (const p of providers) {
    for (const s of await p.collect(result.entries, now)) all.push(s);
    stage(p.name);
  }
  return all;
}
const signals = await collectAll();
releaseEntryTables?.(result.entries);
const usage = mergeUsage(result.entries, signals, {});
signals.length = 0;
stage('merge');
const disk = diskFigures(where.root);
const input = { root: where.root, layout: result.layout, entries: result.entries, usage, cacheBytes: result.cacheBytes, disk, now, linkGroups: result.linkGroups };
const plan = buildPlan(input, planOptionsFrom({}));
stage('plan');
snapshot('plan');
const fd = fs.openSync('/dev/null', 'w');
for (const chunk of planJsonChunks(plan, { dryRun: true })) fs.writeSync(fd, chunk);
fs.closeSync(fd);
stage('json');
snapshot('json');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-stages-'));
const extra = { dryRun: true, host: 'bench', exitCode: 0 };
for (const ext of reports) {
  globalThis.gc?.();
  fs.writeFileSync('/proc/self/clear_refs', '5'); // the peak RSS from here
  stage('(collected)');
  const file = path.join(out, `report.${ext}`);
  const format = registry.REPORT_FORMATS.formatOf(file, 'plan');
  if (registry.planReport) writeFileAtomic(file, registry.planReport(format, { plan, extra }, () => planToJson(plan, extra)));
  else writeFileAtomic(file, registry.renderReport(format, 'plan', planToJson(plan, extra)));
  stage(`report ${ext}`);
  console.log(`  ${file}: ${fs.statSync(file).size} bytes`);
}
console.log(`${result.entries.length} entries, ${plan.summary.evictCount} victims`);
