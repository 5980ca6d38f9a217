// Child of the scan benchmark: time cachesweep's scan() of ROOT alone (in this process, after the imports), print JSON.
// `--entries files` after ROOT scans every file as an entry, as `plan --entries files` does.
import path from 'node:path';
import { REPO } from './lib.mjs';
import { peakRssKiB } from './maxrss.mjs';

const { scan } = await import(path.join(REPO, 'dist', 'scan', 'scan.js'));
const root = process.argv[2];
const t0 = process.hrtime.bigint();
const u0 = process.cpuUsage();
const r = await scan(root, process.argv[3] === '--entries' ? { entries: { kind: process.argv[4] } } : {});
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const u = process.cpuUsage(u0);
let nodes = 1;
for (const e of r.entries) nodes += e.fingerprint.nodes;
process.stdout.write(JSON.stringify({ ms, cpuMs: (u.user + u.system) / 1000, entries: r.entries.length, nodes, warnings: r.warnings.length, rssBytes: peakRssKiB() * 1024 }));
