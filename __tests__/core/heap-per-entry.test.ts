/**
 * What a plan keeps per entry, counted in heap snapshots of plans of 10,000 and 20,000 entries (issue 15): what
 * grows with the entries is the scan's entry (a ScannedEntry over the entries' columns), the name, and for a victim
 * its planned decision and usage with their boxed times: a kept entry's decision is a code and its usage columns, each
 * made into an object when read (plan/rows.ts, usage/merged-columns.ts). Counts, not bytes: the test fails when an object per entry
 * comes back (a Stats or measurement per file, a signal kept past the merge, a second copy of the names), whatever its
 * size; the bytes are in benchmarks.md. The slope between the two sizes leaves out what does not grow with entries
 * (the loaded code, the modules' objects).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/paths.js';

function heapOf(n: number): Record<string, number> {
  const script = path.join(REPO, '__tests__', 'helpers', 'heap-per-entry.mjs');
  const r = spawnSync(process.execPath, ['--expose-gc', script, path.join(REPO, 'dist'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  expect(r.stderr).toBe('');
  const { entries, victims, counts } = JSON.parse(r.stdout) as { entries: number; victims: number; counts: Record<string, number> };
  expect([entries, victims]).toEqual([n, n / 2]);
  return counts;
}

it('per entry of a plan: one entry object and the name, and a victim\'s decision and usage with their boxed times, nothing more (an object per kept entry fails it)', () => {
  const [a, b] = [heapOf(10_000), heapOf(20_000)];
  const slope: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) slope[k] = ((b[k] ?? 0) - (a[k] ?? 0)) / 10_000;
  expect(slope['object:ScannedEntry']).toBe(1);
  // A planned decision and a usage per victim (half of the entries): fewer is welcome, the bounds say how many at most.
  expect(slope['object:Object']).toBeLessThan(1.1);
  expect(slope.number).toBeLessThan(1.1); // a victim's last use and idle time
  expect(slope.string).toBeLessThan(1.2); // the name (the victims' detail is one string for all of them)
  const more = Object.entries(slope).filter(([k, s]) => s >= 0.1 && !['object:ScannedEntry', 'object:Object', 'number', 'string'].includes(k));
  expect(more).toEqual([]);
});
