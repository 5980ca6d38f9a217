import fc from 'fast-check';
import { orderBy } from '../../src/policy/order.js';
import { byRecency, type Candidate } from '../../src/policy/strategy.js';
import { cand } from '../helpers/candidates.js';

// Few distinct values, so that keys, times and names tie often; edge values of doubles included.
const arbNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-300, -1e-300, 1.7e12, 1.7e12 + 0.25, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true }),
);
const arbCands = (min: number, max: number) =>
  fc.array(fc.record({ name: fc.constantFrom('a', 'b', 'B', 'img-1', 'img-10', 'img-1a', 'z'), t: arbNumber, k: arbNumber }), { minLength: min, maxLength: max });

const build = (specs: { name: string; t: number; k: number }[]) => specs.map((s) => ({ c: cand(s.name, 1, { lastUsedMs: s.t }), k: s.k }));

describe('orderBy', () => {
  it.each([
    ['small inputs (comparator sort)', 0, 100, false],
    ['large inputs (radix sort)', 512, 1500, false],
    // as a strategy's eligible entries come (the scan's order): runs of equal time are not sorted again
    ['large inputs given in name order', 512, 1500, true],
  ])('gives the order of the comparator sort it replaces, ties in input order: %s', (_what, min, max, named) => {
    fc.assert(
      fc.property(arbCands(min, max), fc.boolean(), (specs, withKey) => {
        const items = build(named ? [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : specs);
        const cands = items.map((i) => i.c);
        const keyOf = new Map<Candidate, number>(items.map((i) => [i.c, i.k]));
        const expected = withKey ? [...cands].sort((a, b) => keyOf.get(a)! - keyOf.get(b)! || byRecency(a, b)) : [...cands].sort(byRecency);
        const got = withKey ? orderBy(cands, (c) => keyOf.get(c)!) : orderBy(cands);
        expect(got.length).toBe(expected.length);
        // the same objects, in the same positions (equal-looking candidates must keep their input order)
        for (let i = 0; i < got.length; i++) if (got[i] !== expected[i]) throw new Error(`position ${i} differs`);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves its input alone and returns the same candidate objects', () => {
    const cands = Array.from({ length: 2000 }, (_, i) => cand(`e${i}`, 1, { lastUsedMs: (i * 7919) % 1000 }));
    const before = [...cands];
    const out = orderBy(cands);
    expect(cands).toEqual(before);
    expect(new Set(out)).toEqual(new Set(cands));
    expect(out.map((c) => c.usage.lastUsedMs)).toEqual([...cands.map((c) => c.usage.lastUsedMs)].sort((a, b) => a - b));
  });
});
