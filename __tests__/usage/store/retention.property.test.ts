import fc from 'fast-check';
import type { Usage } from '../../../src/shared/types.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { foldOldUses, RAW_USES_MS } from '../../../src/usage/store/retention.js';
import { aggregated, DAY, OTHER, op, replay, ROOT, SEED, withStore } from './history-model.js';

test('folding old uses keeps every count and last use; it touches only uses past the horizon, at most the limit per run', () => {
  fc.assert(
    fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (ops, limit) =>
      withStore((store) => {
        const now = 100 * DAY;
        replay(store, ops, now);
        const before = aggregated(store, now, 7 * DAY);
        const raw = () => store.db.prepare('SELECT (SELECT count(*) FROM hits) + (SELECT count(*) FROM in_use)').pluck().get() as number;
        const old = () => store.db.prepare('SELECT (SELECT count(*) FROM hits WHERE at_ms < @c) + (SELECT count(*) FROM in_use WHERE at_ms < @c)').pluck().get({ c: now - RAW_USES_MS }) as number;
        const rootId = store.db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(ROOT) as number;
        const rawBefore = raw();
        const oldBefore = old();
        const f = store.write(() => foldOldUses(store, rootId, now, limit));
        expect(f.hits + f.inUse).toBe(Math.min(limit, oldBefore - otherRootOld(store, now)));
        expect(raw()).toBe(rawBefore - f.hits - f.inUse);
        while (store.write(() => foldOldUses(store, rootId, now, limit)).hits > 0);
        while (store.write(() => foldOldUses(store, rootId, now, limit)).inUse > 0);
        expect(old()).toBe(otherRootOld(store, now));
        const after = aggregated(store, now, 7 * DAY);
        for (const [k, u] of before) {
          const g = after.get(k)!;
          expect([g.hits, g.lastUsedMs, g.firstSeenMs]).toEqual([u.hits, u.lastUsedMs, u.firstSeenMs]);
          // A folded use counts at its day's latest: never less, at most 2^(1 day / half-life) more.
          const w = (x: Usage) => x.decayed?.weight ?? 0;
          expect(w(g)).toBeGreaterThanOrEqual(w(u) * (1 - 1e-12));
          expect(w(g)).toBeLessThanOrEqual(w(u) * 2 ** (1 / 7) * (1 + 1e-12));
        }
      }),
    ),
    { numRuns: 60, seed: SEED },
  );
});

/** Old uses of the other root: a clean of ROOT never folds them. */
function otherRootOld(store: UsageStore, now: number): number {
  return store.db
    .prepare('SELECT count(*) FROM hits h JOIN entries e ON e.id = h.entry_id JOIN roots r ON r.id = e.root_id WHERE r.path = ? AND h.at_ms < ?')
    .pluck()
    .get(OTHER, now - RAW_USES_MS) as number;
}
