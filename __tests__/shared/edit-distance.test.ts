import fc from 'fast-check';
import { editDistance, withinOneEdit } from '../../src/shared/edit-distance.js';

describe('withinOneEdit', () => {
  it('says editDistance(a, b) <= 1, on names of few letters (so that near ones are common)', () => {
    const name = fc.string({ unit: fc.constantFrom('A', 'B', 'C', '_'), maxLength: 8 });
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(withinOneEdit(a, b)).toBe(editDistance(a, b) <= 1);
        expect(withinOneEdit(b, a)).toBe(withinOneEdit(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a swap of neighbours as one edit, two swaps or a swap at a distance as more', () => {
    expect([withinOneEdit('DRY_RNU', 'DRY_RUN'), withinOneEdit('DRY_RUN', 'RDY_URN'), withinOneEdit('ABC', 'CBA')]).toEqual([true, false, false]);
    expect([withinOneEdit('', 'A'), withinOneEdit('', 'AB'), withinOneEdit('PATH', 'PATH')]).toEqual([true, false, true]);
  });
});
