import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from './paths.js';

/**
 * Run `__tests__/helpers/SCRIPT` (node --expose-gc SCRIPT DIST N) at N = 10,000 and 20,000 and give what grows per
 * entry between the two: its heap counts' difference over 10,000 (what does not grow with entries, the loaded code,
 * drops out). `check` sees each run's JSON line (its own fields besides `counts`).
 */
export function heapSlope(script: string, check: (n: number, out: Record<string, unknown>) => void): Record<string, number> {
  const [a, b] = [10_000, 20_000].map((n) => {
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(REPO, '__tests__', 'helpers', script), path.join(REPO, 'dist'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { counts: Record<string, number> };
    check(n, out);
    return out.counts;
  }) as [Record<string, number>, Record<string, number>];
  const slope: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) slope[k] = ((b[k] ?? 0) - (a[k] ?? 0)) / 10_000;
  return slope;
}
