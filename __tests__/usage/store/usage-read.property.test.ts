import fc from 'fast-check';
import type { Usage } from '../../../src/shared/types.js';
import { frequency } from '../../../src/policy/frequency.js';
import { getStrategy } from '../../../src/policy/registry.js';
import { cand, names } from '../../helpers/candidates.js';
import { aggregated, DAY, op, replay, rowWise, SEED, withStore } from './history-model.js';

/**
 * The planner's read of the store is aggregated by SQLite (usage-read.ts): per entry a count, the latest use and, with
 * a half-life, the decayed sum. Against the read it replaced, every hit and in-use time as a row merged in JavaScript
 * (readRootHistory, as the provider merged it), on random histories (history-model.ts).
 */
const halfLife = fc.constantFrom(3_600_000, DAY, 7 * DAY, 30 * DAY);

test('the aggregated read gives every entry the same count, last use, first seen and decayed hits, to the bit, and the same ranking', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), halfLife, (ops, h) =>
      withStore((store) => {
        const now = 100 * DAY;
        replay(store, ops, now);
        const old = rowWise(store);
        const got = aggregated(store, now, h);
        expect([...got.keys()]).toEqual([...old.keys()]);
        const ctx = { now, halfLifeMs: h };
        for (const [k, u] of old) {
          const g = got.get(k)!;
          expect([g.hits, g.lastUsedMs, g.firstSeenMs]).toEqual([u.hits, u.lastUsedMs, u.firstSeenMs]);
          expect(Object.is(frequency(cand(k, 4096, g, now), ctx), frequency(cand(k, 4096, u, now), ctx))).toBe(true);
        }
        for (const s of ['lfu', 'gdsf', 'lru']) {
          const rank = (m: Map<string, Usage>) => names(getStrategy(s).rank([...m].map(([k, u]) => cand(k, 4096 * (k.charCodeAt(0) - 96), u, now)), ctx));
          expect(rank(got)).toEqual(rank(old));
        }
      }),
    ),
    { numRuns: 80, seed: SEED },
  );
});

