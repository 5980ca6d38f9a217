// Preload for the benchmarks (node --import): at exit, write this process's peak RSS (KiB) to $BENCH_MAXRSS_FILE.
import fs from 'node:fs';

const file = process.env.BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
