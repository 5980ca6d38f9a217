import fc from 'fast-check';
import { size } from '../../src/policy/size.js';
import type { Candidate } from '../../src/policy/strategy.js';
import { NOW, makeCandidate } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR, MiB } from '../helpers/units.js';

const names = (cs: readonly Candidate[]): string[] => cs.map((c) => c.entry.name);

describe('size strategy', () => {
  it('is a pressure strategy named size', () => {
    expect(size.name).toBe('size');
    expect(size.trigger).toBe('pressure');
  });

  it('ranks the largest first (bytes an eviction frees)', () => {
    const cands = [
      makeCandidate('medium', { bytes: 4 * GiB, idleMs: DAY }),
      makeCandidate('tiny', { bytes: 12 * MiB, idleMs: 30 * DAY }),
      makeCandidate('huge', { bytes: 80 * GiB, idleMs: HOUR }),
    ];
    expect(names(size.rank(cands, { now: NOW }))).toEqual(['huge', 'medium', 'tiny']);
  });

  it('ranks by freed bytes, not apparent size: a hard-linked entry (frees 0) comes last', () => {
    const linked = makeCandidate('linked', { bytes: 0, idleMs: 9 * DAY });
    linked.entry.apparentBytes = 100 * GiB;
    linked.entry.allocatedBytes = 100 * GiB;
    const cands = [linked, makeCandidate('small', { bytes: MiB, idleMs: HOUR })];
    expect(names(size.rank(cands, { now: NOW }))).toEqual(['small', 'linked']);
  });

  it('breaks ties of size by least recently used, then by name', () => {
    const cands = [
      makeCandidate('b-recent', { bytes: GiB, idleMs: HOUR }),
      makeCandidate('b-old', { bytes: GiB, idleMs: 3 * DAY }),
      makeCandidate('a-recent', { bytes: GiB, idleMs: HOUR }),
      makeCandidate('bigger', { bytes: 2 * GiB, idleMs: 0 }),
    ];
    expect(names(size.rank(cands, { now: NOW }))).toEqual(['bigger', 'b-old', 'a-recent', 'b-recent']);
  });

  it('is deterministic and sorted by (bytes desc, lastUsed, name) for any input order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: fc.stringMatching(/^[a-c]{1,3}$/),
            mib: fc.integer({ min: 0, max: 3 }),
            idleHours: fc.integer({ min: 0, max: 3 }),
            key: fc.integer(),
          }),
          { selector: (r) => r.name, maxLength: 15 },
        ),
        (specs) => {
          const cands = specs.map((s) => makeCandidate(s.name, { bytes: s.mib * MiB, idleMs: s.idleHours * HOUR }));
          const shuffled = specs
            .map((s, i) => ({ key: s.key, c: cands[i]! }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.c);
          const ranked = size.rank(cands, { now: NOW });
          expect(names(size.rank(shuffled, { now: NOW }))).toEqual(names(ranked));
          expect(ranked).toHaveLength(cands.length);
          for (let i = 1; i < ranked.length; i++) {
            const a = ranked[i - 1]!;
            const b = ranked[i]!;
            const ok =
              a.entry.bytes > b.entry.bytes ||
              (a.entry.bytes === b.entry.bytes &&
                (a.usage.lastUsedMs < b.usage.lastUsedMs || (a.usage.lastUsedMs === b.usage.lastUsedMs && a.entry.name < b.entry.name)));
            expect(ok).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
