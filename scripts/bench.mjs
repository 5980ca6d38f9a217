#!/usr/bin/env node
// npm run bench [-- --only sim,scan,build,startup] [flags]: every benchmark, or the ones named, each in its own
// process, with the flags that concern it. See docs/benchmarks.md.
//   sim      simulation throughput per strategy on the test traces     (bench/sim.mjs: --requests N --rounds N --trace FILE)
//   scan     scan and plan against find and du on generated caches     (bench/scan.mjs: --shapes many,deep --fs disk,tmpfs
//                                                                       --rounds N --scale F --workdir DIR --regenerate --remove --quick
//                                                                       --scan-threads 1,2,0)
//   build    the pure planner (buildPlan) on 1M synthetic entries       (bench/build.mjs: --entries N --rounds N --quick)
//   startup  cachesweep --version and --help against node -e 0          (bench/startup.mjs: --runs N --quick)
//   journal  the usage store's cost per deletion: batched intents against a commit per victim
//                                                                      (bench/journal.mjs: --victims N --rounds N --workdir DIR)
//   recheck  clean of 1,000 victims with 2,000 idle processes against a quiet host; clean deleting 100k files
//            against find -delete                                     (bench/recheck.mjs: --victims N --processes N
//                                                                      --delete N --parts busy,delete --bin FILE --rounds N --workdir DIR)
// --quick makes scan, build and startup small (the 20k "many" shape, 100k entries, 10 runs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAGS, parseFlags } from './bench/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL = ['sim', 'scan', 'build', 'startup', 'journal', 'recheck'];
const argv = process.argv.slice(2);
let only = ALL;
const rest = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only = String(argv[++i] ?? '').split(',').filter(Boolean);
  else rest.push(argv[i]);
}
try {
  for (const b of only) if (!ALL.includes(b)) throw new Error(`--only: unknown benchmark '${b}' (${ALL.join(', ')})`);
  parseFlags(rest, only); // an unknown flag fails here, before anything runs
} catch (err) {
  console.error(`bench: ${err.message}`);
  process.exit(2);
}
let failed = 0;
for (const b of only) {
  // each bench gets only the flags it takes
  const mine = [];
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i].slice(2);
    if (FLAGS[b].switches.includes(name)) mine.push(rest[i]);
    else if (FLAGS[b].values.includes(name)) mine.push(rest[i], rest[i + 1]);
    if (FLAGS[b].values.includes(name) || (!FLAGS[b].switches.includes(name) && Object.values(FLAGS).some((f) => f.values.includes(name)))) i++;
  }
  console.log(`\n=== ${b} ===`);
  const r = spawnSync(process.execPath, [path.join(here, 'bench', `${b}.mjs`), ...mine], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench: ${b} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
