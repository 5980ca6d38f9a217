import { parseAmount, parseDuration, parsePercent, parseSize } from '../../src/shared/units.js';
import { UsageError } from '../../src/shared/errors.js';

describe('parseSize', () => {
  it.each([
    ['512', 512],
    ['10K', 10 * 1024],
    ['50G', 50 * 1024 ** 3],
    ['1.5T', 1.5 * 1024 ** 4],
    ['2TiB', 2 * 1024 ** 4],
    ['40GB', 40 * 1024 ** 3],
  ])('%s -> %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });
  it.each(['50X', '-1G', '', 'G', '1..5G', '5 GiBs'])('refuses %p', (text) => {
    expect(() => parseSize(text, '--min-free')).toThrow(UsageError);
  });
});

describe('parseAmount and parsePercent', () => {
  it('refuses a bare number as ambiguous', () => {
    expect(() => parseAmount('85', '--threshold')).toThrow(/ambiguous/);
  });
  it('refuses 101% and 0%', () => {
    expect(() => parsePercent('101%', '--threshold')).toThrow(/out of range/);
    expect(() => parsePercent('0%', '--threshold')).toThrow(/out of range/);
  });
  it('reads percentages and sizes', () => {
    expect(parseAmount('85%', '--threshold')).toEqual({ unit: 'percent', value: 85 });
    expect(parseAmount('500G', '--threshold')).toEqual({ unit: 'bytes', value: 500 * 1024 ** 3 });
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['24h', 86_400_000],
    ['7d', 7 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['0', 0],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['7x', '10', '', 'h', '-1h', '1h 2m'])('refuses %p', (text) => {
    expect(() => parseDuration(text, '--max-age')).toThrow(UsageError);
  });
});
