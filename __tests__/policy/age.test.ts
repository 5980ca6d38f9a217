import fc from 'fast-check';
import { age } from '../../src/policy/age.js';
import { NOW, makeCandidate } from '../helpers/fixtures.js';
import { DAY, HOUR, MINUTE } from '../helpers/units.js';
import type { Candidate } from '../../src/policy/strategy.js';

const names = (cs: readonly Candidate[]): string[] => cs.map((c) => c.entry.name);

describe('age strategy', () => {
  it('is an expiry strategy named age', () => {
    expect(age.name).toBe('age');
    expect(age.trigger).toBe('expiry');
  });

  it('ranks the longest idle first', () => {
    const cands = [
      makeCandidate('day', { idleMs: DAY }),
      makeCandidate('week', { idleMs: 7 * DAY }),
      makeCandidate('hour', { idleMs: HOUR }),
      makeCandidate('month', { idleMs: 30 * DAY }),
    ];
    expect(names(age.rank(cands, { now: NOW }))).toEqual(['month', 'week', 'day', 'hour']);
  });

  it('ignores size and hits', () => {
    const cands = [
      makeCandidate('big-recent', { idleMs: 2 * HOUR, bytes: 100e9, hits: 0 }),
      makeCandidate('small-old', { idleMs: 3 * DAY, bytes: 10, hits: 1000 }),
    ];
    expect(names(age.rank(cands, { now: NOW }))).toEqual(['small-old', 'big-recent']);
  });

  it('breaks ties by name', () => {
    const cands = ['c', 'a', 'b', 'B', 'a.part'].map((n) => makeCandidate(n, { idleMs: 5 * DAY }));
    expect(names(age.rank(cands, { now: NOW }))).toEqual(['B', 'a', 'a.part', 'b', 'c']);
  });

  it('returns a new array and leaves its input alone', () => {
    const cands = [makeCandidate('new', { idleMs: MINUTE * 20 }), makeCandidate('old', { idleMs: DAY })];
    const copy = [...cands];
    const out = age.rank(cands, { now: NOW });
    expect(out).not.toBe(cands);
    expect(cands).toEqual(copy);
    expect(names(out)).toEqual(['old', 'new']);
  });

  it('is deterministic: any order of the same candidates gives the same ranking', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ name: fc.stringMatching(/^[a-e]{1,3}$/), idleDays: fc.integer({ min: 0, max: 4 }), key: fc.integer() }),
          { selector: (r) => r.name, maxLength: 12 },
        ),
        (specs) => {
          const cands = specs.map((s) => makeCandidate(s.name, { idleMs: s.idleDays * DAY }));
          const shuffled = specs
            .map((s, i) => ({ key: s.key, c: cands[i]! }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.c);
          const ranked = names(age.rank(cands, { now: NOW }));
          expect(names(age.rank(shuffled, { now: NOW }))).toEqual(ranked);
          expect(names(age.rank([...cands].reverse(), { now: NOW }))).toEqual(ranked);
          // Longest idle first, names ascending among equals.
          for (let i = 1; i < ranked.length; i++) {
            const a = cands.find((c) => c.entry.name === ranked[i - 1])!;
            const b = cands.find((c) => c.entry.name === ranked[i])!;
            expect(a.idleMs > b.idleMs || (a.idleMs === b.idleMs && a.entry.name < b.entry.name)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
