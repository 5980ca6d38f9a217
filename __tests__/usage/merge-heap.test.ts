/**
 * What the merged usages keep per entry, counted in heap snapshots of merges of 10,000 and 20,000 entries that each have
 * a row of the usage store (one of them pinned): the usages are columns (merged-columns.ts), so nothing but the entries
 * themselves, their names and their two boxed times grows with the entries. A Usage or a signal per entry kept by the
 * merge (main kept a Usage and a boxed last use for each: an object and a number per entry) fails it. Counts, not
 * bytes: the bytes are in benchmarks.md. The slope between the two sizes leaves out the loaded code.
 */
import { heapSlope } from '../helpers/heap-slope.js';

it('per entry of the merged usages: no object and no number of their own (the entries, their names and times are the caller\'s)', () => {
  const slope = heapSlope('merge-heap.mjs', (n, out) => expect([out.entries, out.pinned]).toEqual([n, true]));
  expect(slope['object:FakeEntry']).toBe(1);
  expect(slope['object:Object'] ?? 0).toBeLessThan(0.1);
  expect(slope.number).toBeLessThan(2.1); // the entry's mtimeMs and atimeMs
  expect(slope.string).toBeLessThan(1.1); // the entry's name
  const more = Object.entries(slope).filter(([k, s]) => s >= 0.1 && !['object:FakeEntry', 'number', 'string'].includes(k));
  expect(more).toEqual([]);
});
