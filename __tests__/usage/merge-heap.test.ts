/**
 * What the merged usages keep per entry, counted in heap snapshots of merges of 10,000 and 20,000 entries that each have
 * a row of the usage store (one of them pinned): the usages are columns (merged-columns.ts), so nothing but the entries
 * themselves, their names and their two boxed times grows with the entries. A Usage or a signal per entry kept by the
 * merge (main kept a Usage and a boxed last use for each: an object and a number per entry) fails it. Counts, not
 * bytes: the bytes are in benchmarks.md. The slope between the two sizes leaves out the loaded code.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/paths.js';

function heapOf(n: number): Record<string, number> {
  const script = path.join(REPO, '__tests__', 'helpers', 'merge-heap.mjs');
  const r = spawnSync(process.execPath, ['--expose-gc', script, path.join(REPO, 'dist'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  expect(r.stderr).toBe('');
  const { entries, pinned, counts } = JSON.parse(r.stdout) as { entries: number; pinned: boolean; counts: Record<string, number> };
  expect([entries, pinned]).toEqual([n, true]);
  return counts;
}

it('per entry of the merged usages: no object and no number of their own (the entries, their names and times are the caller\'s)', () => {
  const [a, b] = [heapOf(10_000), heapOf(20_000)];
  const slope: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) slope[k] = ((b[k] ?? 0) - (a[k] ?? 0)) / 10_000;
  expect(slope['object:FakeEntry']).toBe(1);
  expect(slope['object:Object'] ?? 0).toBeLessThan(0.1);
  expect(slope.number).toBeLessThan(2.1); // the entry's mtimeMs and atimeMs
  expect(slope.string).toBeLessThan(1.1); // the entry's name
  const more = Object.entries(slope).filter(([k, s]) => s >= 0.1 && !['object:FakeEntry', 'number', 'string'].includes(k));
  expect(more).toEqual([]);
});
