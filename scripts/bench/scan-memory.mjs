// What scan() keeps per entry, and what it costs, in one process (after npm run build):
//   node --expose-gc scripts/bench/scan-memory.mjs ROOT [--entries files]
// Prints the scan's CPU time (user + system), the memory still held by its result after full collections, per
// entry (V8 heap, and array buffers: the entry table's columns live outside the heap), and the peak RSS (VmHWM)
// against the process's before the scan. Not part of npm run bench: a tool for finding costs.
import path from 'node:path';
import { REPO } from './lib.mjs';
import { peakRssKiB } from './maxrss.mjs';

const args = process.argv.slice(2);
const root = args[0];
if (!root || typeof globalThis.gc !== 'function') throw new Error('usage: node --expose-gc scripts/bench/scan-memory.mjs ROOT [--entries files]');
const files = args.includes('--entries') && args[args.indexOf('--entries') + 1] === 'files';
const { scan } = await import(path.join(REPO, 'dist', 'scan', 'scan.js'));

const MiB = 2 ** 20;
// Array buffers are freed by a sweeper after the collection that finds them dead: collect, let it run, collect again.
const settle = async () => {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 50));
  globalThis.gc();
};
await settle();
const before = process.memoryUsage();
const peakBefore = peakRssKiB();
const cpu = process.cpuUsage();
const result = scan(root, files ? { entries: { kind: 'files' } } : {});
const c = process.cpuUsage(cpu);
const peak = peakRssKiB();
await settle();
const after = process.memoryUsage();
const n = result.entries.length;
const heap = after.heapUsed - before.heapUsed;
const buffers = after.arrayBuffers - before.arrayBuffers;
const per = (b) => (b / n).toFixed(0);
console.log(
  `${n} entries${files ? ' (--entries files)' : ''}: scan CPU ${((c.user + c.system) / 1000).toFixed(0)} ms; kept ${((heap + buffers) / MiB).toFixed(1)} MiB, ` +
    `${per(heap + buffers)} B/entry (heap ${per(heap)}, array buffers ${per(buffers)}); peak RSS ${(peak / 1024).toFixed(0)} MiB, ` +
    `${(peakBefore / 1024).toFixed(0)} before the scan`,
);
globalThis.kept = result; // alive until the figures are taken
