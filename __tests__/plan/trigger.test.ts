import fc from 'fast-check';
import { afterFreeing, bytesToTarget, isReached } from '../../src/plan/trigger.js';
import type { Figures, TriggerSpec } from '../../src/plan/types.js';
import { dfFigures } from '../helpers/fixtures.js';
import { GiB, MiB } from '../helpers/units.js';

/** Planner figures from statfs numbers, as df computes them. */
function fromStatfs(s: { blocks: number; bfree: number; bavail: number; bsize: number }, cacheBytes = 0): Figures {
  const d = dfFigures(s);
  return { cacheBytes, diskUsedBytes: d.usedBytes, diskAvailableBytes: d.availableBytes, diskUsedPercent: d.usedPercent };
}

const fig = (usedGiB: number, availGiB: number, cacheGiB = 0): Figures => ({
  cacheBytes: cacheGiB * GiB,
  diskUsedBytes: usedGiB * GiB,
  diskAvailableBytes: availGiB * GiB,
  diskUsedPercent: (usedGiB * 100) / (usedGiB + availGiB),
});

describe('isReached', () => {
  const percent: TriggerSpec = { kind: 'percent', threshold: 85, target: 80 };

  it('compares df Use% (used / (used + available), root reserve excluded) with a percentage threshold', () => {
    // 1000 blocks, 150 free of which 50 reserved for root: df says 850 / 950 = 89.5%, not 850 / 1000 = 85%.
    const f = fromStatfs({ blocks: 1000, bfree: 150, bavail: 100, bsize: MiB });
    expect(f.diskUsedPercent).toBeCloseTo(89.4737, 3);
    expect(isReached({ kind: 'percent', threshold: 88, target: 83 }, f)).toBe(true);
    expect(isReached({ kind: 'percent', threshold: 90, target: 85 }, f)).toBe(false);
  });

  it('is reached at the threshold exactly, not just below', () => {
    expect(isReached(percent, fig(85, 15))).toBe(true);
    expect(isReached(percent, fig(84.9, 15.1))).toBe(false);
  });

  it('compares the cache size with a size threshold', () => {
    const t: TriggerSpec = { kind: 'size', threshold: 500 * GiB, target: 450 * GiB };
    expect(isReached(t, fig(900, 100, 500))).toBe(true);
    expect(isReached(t, { ...fig(900, 100, 0), cacheBytes: 500 * GiB - 1 })).toBe(false);
  });

  it('is reached for --min-free when less than the minimum is available', () => {
    const t: TriggerSpec = { kind: 'min-free', threshold: 20 * GiB, target: 20 * GiB };
    expect(isReached(t, fig(100, 19))).toBe(true);
    expect(isReached(t, fig(100, 20))).toBe(false);
    expect(isReached(t, fig(100, 21))).toBe(false);
  });

  it('is never reached without a trigger', () => {
    expect(isReached({ kind: 'none' }, fig(100, 0, 100))).toBe(false);
  });
});

describe('bytesToTarget', () => {
  it('percent: bytes to free so that used / (used + available) is at most the target', () => {
    // 1000 GiB in all, 913 used (91.3%): 80% is 800 GiB used, so 113 GiB must go.
    expect(bytesToTarget({ kind: 'percent', threshold: 85, target: 80 }, fig(913, 87))).toBe(113 * GiB);
  });

  it('percent: rounds up to a whole byte', () => {
    // 850 of 950 MiB used; 83% of 950 MiB is 788.5 MiB: 61.5 MiB to free.
    const f = fromStatfs({ blocks: 1000, bfree: 150, bavail: 100, bsize: MiB });
    expect(bytesToTarget({ kind: 'percent', threshold: 88, target: 83 }, f)).toBe(61.5 * MiB);
    const odd: Figures = { cacheBytes: 0, diskUsedBytes: 7, diskAvailableBytes: 3, diskUsedPercent: 70 };
    // 65% of 10 bytes is 6.5: at most 6 may stay used, so 1 byte must go.
    expect(bytesToTarget({ kind: 'percent', threshold: 70, target: 65 }, odd)).toBe(1);
  });

  it('size: cache bytes above the target', () => {
    expect(bytesToTarget({ kind: 'size', threshold: 500 * GiB, target: 450 * GiB }, fig(900, 100, 520))).toBe(70 * GiB);
  });

  it('min-free: bytes missing to the minimum', () => {
    expect(bytesToTarget({ kind: 'min-free', threshold: 20 * GiB, target: 20 * GiB }, fig(100, 5))).toBe(15 * GiB);
  });

  it('is 0 when the target is already met, and without a trigger', () => {
    expect(bytesToTarget({ kind: 'percent', threshold: 85, target: 80 }, fig(70, 30))).toBe(0);
    expect(bytesToTarget({ kind: 'size', threshold: 10 * GiB, target: 9 * GiB }, fig(70, 30, 5))).toBe(0);
    expect(bytesToTarget({ kind: 'min-free', threshold: 20 * GiB, target: 20 * GiB }, fig(70, 30))).toBe(0);
    expect(bytesToTarget({ kind: 'none' }, fig(99, 1, 99))).toBe(0);
  });

  it('percent: freeing exactly what it asks meets the target in the after figures', () => {
    for (const [used, avail, target] of [
      [8, 2, 70],
      [913, 87, 80],
      [7, 3, 10],
      [999_999_937, 63, 33.3],
      [123_456_789, 987_654, 85.7],
    ] as const) {
      const f: Figures = { cacheBytes: used, diskUsedBytes: used, diskAvailableBytes: avail, diskUsedPercent: (used * 100) / (used + avail) };
      const t: TriggerSpec = { kind: 'percent', threshold: 99, target };
      const need = bytesToTarget(t, f);
      expect(afterFreeing(f, need).diskUsedPercent).toBeLessThanOrEqual(target);
      // ... and one byte less would not.
      if (need > 0) expect(afterFreeing(f, need - 1).diskUsedPercent).toBeGreaterThan(target);
    }
  });
  it('percent: what it asks is always enough and never a byte too much (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 46 }),
        fc.integer({ min: 0, max: 2 ** 46 }),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
        (used, avail, target) => {
          const f: Figures = { cacheBytes: used, diskUsedBytes: used, diskAvailableBytes: avail, diskUsedPercent: 0 };
          const t: TriggerSpec = { kind: 'percent', threshold: 100, target };
          const need = bytesToTarget(t, f);
          expect(Number.isSafeInteger(need)).toBe(true);
          expect(need).toBeGreaterThanOrEqual(0);
          expect(need).toBeLessThanOrEqual(used);
          if (used + avail > 0) {
            expect(afterFreeing(f, need).diskUsedPercent).toBeLessThanOrEqual(target);
            if (need > 0) expect(afterFreeing(f, need - 1).diskUsedPercent).toBeGreaterThan(target);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('afterFreeing', () => {
  it('moves freed bytes from used to available and recomputes Use% as df does', () => {
    const a = afterFreeing(fig(913, 87, 600), 124 * GiB);
    expect(a.cacheBytes).toBe(476 * GiB);
    expect(a.diskUsedBytes).toBe(789 * GiB);
    expect(a.diskAvailableBytes).toBe(211 * GiB);
    expect(a.diskUsedPercent).toBeCloseTo(78.9, 10);
  });

  it('keeps the reserve out of the total (used + available stays the same)', () => {
    const f = fromStatfs({ blocks: 1000, bfree: 150, bavail: 100, bsize: MiB }, 300 * MiB);
    const a = afterFreeing(f, 95 * MiB);
    expect(a.diskUsedBytes + a.diskAvailableBytes).toBe(950 * MiB);
    expect(a.diskUsedPercent).toBeCloseTo((755 * 100) / 950, 10);
  });

  it('changes nothing when nothing is freed', () => {
    const f = fig(913, 87, 600);
    expect(afterFreeing(f, 0)).toEqual({ ...f, diskUsedPercent: expect.closeTo(91.3, 10) });
  });

  it('never goes below zero', () => {
    const a = afterFreeing(fig(10, 90, 5), 20 * GiB);
    expect(a.cacheBytes).toBe(0);
    expect(a.diskUsedBytes).toBe(0);
    expect(a.diskAvailableBytes).toBe(100 * GiB);
    expect(a.diskUsedPercent).toBe(0);
  });

  it('gives 0% on an empty filesystem instead of NaN', () => {
    expect(afterFreeing({ cacheBytes: 0, diskUsedBytes: 0, diskAvailableBytes: 0, diskUsedPercent: 0 }, 0).diskUsedPercent).toBe(0);
  });
});
