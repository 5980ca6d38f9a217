import fc from 'fast-check';
import { mergeUsage } from '../../src/usage/merge.js';
import { UsageByEntry } from '../../src/usage/entry-usage.js';
import { NOW, makeEntry } from '../helpers/fixtures.js';

// mergeUsage hands the planner an array in entry order behind a ReadonlyMap: every read a Map allows must answer as
// the Map of the same pairs would, whatever order the names are asked in and whether the entries are in name order.
describe('UsageByEntry', () => {
  it('answers get, has, size and every iteration as a Map of the same names would', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'é', '😀', 'z'];
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...names)), fc.boolean(), fc.array(fc.constantFrom(...names, 'gone')), (picked, sort, asks) => {
        const list = picked.map((n, i) => makeEntry(n, { mtimeMs: NOW - i, atimeMs: NOW - i }));
        if (sort) list.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        const got = mergeUsage(list, [{ name: list[0]?.name ?? 'none', hits: 2 }]);
        expect(got).toBeInstanceOf(UsageByEntry);
        const want = new Map(got);
        expect([...want.keys()]).toEqual(list.map((e) => e.name));
        // A usage is made on each read (merged-columns.ts): equal, not the same object.
        for (const name of asks) {
          expect(got.get(name)).toStrictEqual(want.get(name));
          expect(got.has(name)).toBe(want.has(name));
        }
        expect(got.size).toBe(want.size);
        expect([...got.keys()]).toEqual([...want.keys()]);
        expect([...got.values()]).toEqual([...want.values()]);
        const seen: [string, unknown][] = [];
        got.forEach((u, n) => seen.push([n, u]));
        expect(seen).toEqual([...want.entries()]);
        expect(Object.prototype.toString.call(got)).toBe('[object Map]');
        const byPosition = got as UsageByEntry;
        expect(list.map((_, i) => byPosition.at(i))).toStrictEqual([...want.values()]);
        expect(list.map((_, i) => byPosition.lastUsedMsAt(i))).toEqual([...want.values()].map((u) => u.lastUsedMs));
        expect(() => byPosition.at(list.length)).toThrow(RangeError);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a Map when two entries share a name (the first one\'s place, as before)', () => {
    const twice = [makeEntry('a', { mtimeMs: NOW, atimeMs: NOW }), makeEntry('a', { mtimeMs: NOW - 1, atimeMs: NOW - 1 })];
    const got = mergeUsage(twice, []);
    expect(got).toBeInstanceOf(Map);
    expect(got.size).toBe(1);
  });
});
