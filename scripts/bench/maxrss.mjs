// Preload for the benchmarks (node --import): at exit, write this process's peak RSS (KiB) to $BENCH_MAXRSS_FILE.
// The peak is VmHWM of /proc/self/status: getrusage's maxrss would also count the RSS of the bench process this one
// was forked from (Linux keeps ru_maxrss across execve), which is not this program's memory.
import fs from 'node:fs';

/** Peak resident set size of this process, KiB. */
export function peakRssKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.BENCH_MAXRSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(peakRssKiB())));
// On a shared machine wall-clock times vary with the load of others; the CPU time (user + system, ms) does less.
const cpuFile = process.env.BENCH_CPU_FILE;
if (cpuFile) {
  process.on('exit', () => {
    const u = process.cpuUsage();
    fs.writeFileSync(cpuFile, String((u.user + u.system) / 1000));
  });
}
