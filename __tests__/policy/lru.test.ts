import fc from 'fast-check';
import { lru } from '../../src/policy/lru.js';
import type { Candidate } from '../../src/policy/strategy.js';
import { NOW, makeCandidate } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR, MINUTE } from '../helpers/units.js';

const names = (cs: readonly Candidate[]): string[] => cs.map((c) => c.entry.name);

describe('lru strategy', () => {
  it('is a pressure strategy named lru', () => {
    expect(lru.name).toBe('lru');
    expect(lru.trigger).toBe('pressure');
  });

  it('ranks the least recently used first', () => {
    const cands = [
      makeCandidate('used-an-hour-ago', { idleMs: HOUR }),
      makeCandidate('used-last-week', { idleMs: 7 * DAY }),
      makeCandidate('used-yesterday', { idleMs: DAY }),
      makeCandidate('used-20-minutes-ago', { idleMs: 20 * MINUTE }),
    ];
    expect(names(lru.rank(cands, { now: NOW }))).toEqual(['used-last-week', 'used-yesterday', 'used-an-hour-ago', 'used-20-minutes-ago']);
  });

  it('orders by last use, not by size or hits', () => {
    const cands = [
      makeCandidate('popular-old', { idleMs: 3 * DAY, hits: 5000, bytes: 1 }),
      makeCandidate('huge-recent', { idleMs: HOUR, hits: 0, bytes: 500 * GiB }),
    ];
    expect(names(lru.rank(cands, { now: NOW }))).toEqual(['popular-old', 'huge-recent']);
  });

  it('breaks ties of last use by name, down to the last character', () => {
    const cands = ['img-10', 'img-1', 'img-2', 'IMG-3', 'img-1a'].map((n) => makeCandidate(n, { idleMs: DAY }));
    expect(names(lru.rank(cands, { now: NOW }))).toEqual(['IMG-3', 'img-1', 'img-10', 'img-1a', 'img-2']);
  });

  it('leaves its input alone', () => {
    const cands = [makeCandidate('b', { idleMs: HOUR }), makeCandidate('a', { idleMs: DAY })];
    const before = names(cands);
    lru.rank(cands, { now: NOW });
    expect(names(cands)).toEqual(before);
  });

  it('is deterministic and sorted by (lastUsed, name) for any input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({ name: fc.stringMatching(/^[a-c0-9]{1,3}$/), idleHours: fc.integer({ min: 0, max: 5 }), key: fc.integer() }),
          { selector: (r) => r.name, maxLength: 15 },
        ),
        (specs) => {
          const cands = specs.map((s) => makeCandidate(s.name, { idleMs: s.idleHours * HOUR }));
          const shuffled = specs
            .map((s, i) => ({ key: s.key, c: cands[i]! }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.c);
          const ranked = lru.rank(cands, { now: NOW });
          expect(names(lru.rank(shuffled, { now: NOW }))).toEqual(names(ranked));
          for (let i = 1; i < ranked.length; i++) {
            const a = ranked[i - 1]!;
            const b = ranked[i]!;
            const ok = a.usage.lastUsedMs < b.usage.lastUsedMs || (a.usage.lastUsedMs === b.usage.lastUsedMs && a.entry.name < b.entry.name);
            expect(ok).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
