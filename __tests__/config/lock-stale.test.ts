import { UsageError } from '../../src/shared/errors.js';
import { DEFAULT_LOCK_STALE_MS } from '../../src/apply/lock-timing.js';
import { parseLockStale } from '../../src/config/lock-stale.js';

describe('parseLockStale', () => {
  it('defaults to 2 minutes and reads durations from 5s to 1d', () => {
    expect(parseLockStale(undefined)).toBe(DEFAULT_LOCK_STALE_MS);
    expect(DEFAULT_LOCK_STALE_MS).toBe(120_000);
    expect(parseLockStale('5s')).toBe(5_000);
    expect(parseLockStale('10m')).toBe(600_000);
    expect(parseLockStale('1d')).toBe(86_400_000);
  });

  it.each([
    ['4s', /^--lock-stale: '4s' is too short \(at least 5s/],
    ['0', /too short/],
    ['1d1s', /^--lock-stale: '1d1s' is too long \(at most 1d\)$/],
    ['soon', /^--lock-stale: 'soon' is not a duration/],
    ['-5s', /is not a duration/],
  ])('refuses %s with a usage error', (text, message) => {
    expect(() => parseLockStale(text)).toThrow(UsageError);
    expect(() => parseLockStale(text)).toThrow(message);
  });
});
