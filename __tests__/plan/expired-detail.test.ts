import fc from 'fast-check';
import { formatDuration } from '../../src/shared/units.js';
import { expiredDetails } from '../../src/plan/expired-detail.js';

const direct = (idleMs: number, maxAgeMs: number): string => `idle ${formatDuration(idleMs)}, max-age ${formatDuration(maxAgeMs)}`;

describe('expiredDetails', () => {
  test('gives the text formatting each idle time gives, for any idle times and max-ages in any order', () => {
    const idle = fc.oneof(fc.integer({ min: 0, max: 2 * 3_600_000 }), fc.integer({ min: 0, max: 400 * 86_400_000 }), fc.double({ min: 0, max: 1e13, noNaN: true }));
    const maxAge = fc.constantFrom(60_000, 3_600_000, 86_400_000, 7 * 86_400_000 + 1234);
    fc.assert(
      fc.property(fc.array(fc.tuple(idle, maxAge), { maxLength: 200 }), (pairs) => {
        const detail = expiredDetails();
        for (const [i, m] of pairs) expect(detail(i, m)).toBe(direct(i, m));
      }),
      { numRuns: 300 },
    );
  });

  test('idle times in the same minute past an hour share one text; below an hour, seconds still count', () => {
    const detail = expiredDetails();
    const day = 86_400_000;
    expect(detail(3 * day + 5 * 3_600_000 + 17_000, day)).toBe('idle 3d5h, max-age 1d');
    expect(detail(3 * day + 5 * 3_600_000 + 59_999, day)).toBe(detail(3 * day + 5 * 3_600_000 + 17_000, day));
    expect(detail(90 * 60_000 + 1_000, day)).toBe('idle 1h30m, max-age 1d');
    expect(detail(59 * 60_000 + 1_000, day)).toBe('idle 59m1s, max-age 1d');
    expect(detail(59 * 60_000 + 2_000, day)).toBe('idle 59m2s, max-age 1d');
  });
});
