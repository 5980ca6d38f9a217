/**
 * What a plan keeps per entry, counted in heap snapshots of plans of 10,000 and 20,000 entries (issue 15): what
 * grows with the entries is the scan's entry (a ScannedEntry over the entries' columns), the name, and for a victim
 * its planned decision and usage with their boxed times: a kept entry's decision is a code and its usage columns,
 * each made into an object when read (plan/rows.ts, usage/merged-columns.ts). Counts, not bytes: the test fails when
 * an object per entry comes back (a Stats or measurement per file, a signal kept past the merge, a second copy of the names), whatever its
 * size; the bytes are in benchmarks.md. The slope between the two sizes leaves out what does not grow with entries
 * (the loaded code, the modules' objects).
 */
import { heapSlope } from '../helpers/heap-slope.js';

it('per entry of a plan: one entry object and the name, and a victim\'s decision and usage with their boxed times, nothing more (an object per kept entry fails it)', () => {
  const slope = heapSlope('heap-per-entry.mjs', (n, out) => expect([out.entries, out.victims]).toEqual([n, n / 2]));
  expect(slope['object:ScannedEntry']).toBe(1);
  // A planned decision and a usage per victim (half of the entries): fewer is welcome, the bounds say how many at most.
  expect(slope['object:Object']).toBeLessThan(1.1);
  expect(slope.number).toBeLessThan(1.1); // a victim's last use and idle time
  expect(slope.string).toBeLessThan(1.2); // the name (the victims' detail is one string for all of them)
  const more = Object.entries(slope).filter(([k, s]) => s >= 0.1 && !['object:ScannedEntry', 'object:Object', 'number', 'string'].includes(k));
  expect(more).toEqual([]);
});
