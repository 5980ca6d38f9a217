import fc from 'fast-check';
import { namesAscending, namesNonDescending, searchByName } from '../../src/shared/name-order.js';
import type { Entry } from '../../src/shared/types.js';

// Only the name is read: the rest of an entry does not matter here.
const entries = (names: readonly string[]): Entry[] => names.map((name) => ({ name }) as Entry);
const candidates = (names: readonly string[]) => names.map((name) => ({ entry: { name } }));
const nameOf = (c: { entry: { name: string } }): string => c.entry.name;

describe('namesAscending and namesNonDescending', () => {
  it.each([
    ['no names', [], true, true],
    ['one name', ['a'], true, true],
    ['ascending', ['a', 'b', 'c'], true, true],
    ['two equal names: non-strict accepts, strict refuses', ['a', 'b', 'b', 'c'], false, true],
    ['all equal', ['x', 'x', 'x'], false, true],
    ['one step down at the end', ['a', 'b', 'a'], false, false],
    ['one step down at the start', ['b', 'a', 'c'], false, false],
    // JavaScript's string order (UTF-16 code units), the scan's: upper case before lower, 'd-a' before 'd/x'
    ['code unit order', ['B', 'a', 'd-a', 'd/x'], true, true],
    ['--entries files order is not name order', ['d/x', 'd-a'], false, false],
  ])('%s', (_what, names, strict, nonStrict) => {
    expect(namesAscending(entries(names))).toBe(strict);
    expect(namesNonDescending(candidates(names), nameOf)).toBe(nonStrict);
  });

  it('agree with a comparison of every neighbouring pair', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', 'a', 'b', 'B', 'img-1', 'img-10', 'img-1a', 'z')), (names) => {
        const pairs = names.slice(1).map((n, i) => [names[i]!, n] as const);
        expect(namesAscending(entries(names))).toBe(pairs.every(([a, b]) => a < b));
        expect(namesNonDescending(candidates(names), nameOf)).toBe(pairs.every(([a, b]) => a <= b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('searchByName', () => {
  it('finds every name of a list in name order, and not one that is absent', () => {
    const list = entries(['B', 'a', 'd-a', 'd/x', 'z']);
    list.forEach((e, i) => expect(searchByName(list, e.name)).toBe(i));
    for (const absent of ['', 'A', 'b', 'd', 'zz']) expect(searchByName(list, absent)).toBe(-1);
  });
});
