import { envLayer } from '../../src/config/env.js';
import type { FlagSpecs } from '../../src/config/flag-spec.js';

const specs: FlagSpecs = {
  'min-age': { type: 'string' },
  quiet: { type: 'boolean' },
  protect: { type: 'string', array: true },
  format: { choices: ['auto', 'json'] },
  retries: { type: 'number' },
};

describe('envLayer', () => {
  test('CACHESWEEP_<FLAG> with dashes as underscores; empty counts as unset', () => {
    const l = envLayer(specs, { CACHESWEEP_MIN_AGE: '30m', CACHESWEEP_FORMAT: '', OTHER: 'x' });
    expect(l.values).toEqual({ 'min-age': '30m' });
    expect(l.variables).toEqual({ 'min-age': 'CACHESWEEP_MIN_AGE' });
  });

  test.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['false', false],
    ['no', false],
    ['Off', false],
  ])('boolean %s -> %s', (raw, want) => {
    expect(envLayer(specs, { CACHESWEEP_QUIET: raw }).values.quiet).toBe(want);
  });

  test('lists: a single value or a JSON list', () => {
    expect(envLayer(specs, { CACHESWEEP_PROTECT: 'golden-*' }).values.protect).toEqual(['golden-*']);
    expect(envLayer(specs, { CACHESWEEP_PROTECT: '["a*", "{b,c}*"]' }).values.protect).toEqual(['a*', '{b,c}*']);
  });

  test('numbers', () => {
    expect(envLayer(specs, { CACHESWEEP_RETRIES: '3' }).values.retries).toBe(3);
  });

  test.each([
    [{ CACHESWEEP_QUIET: 'maybe' }, /^CACHESWEEP_QUIET: 'maybe' is not a boolean/],
    [{ CACHESWEEP_FORMAT: 'xml' }, /^CACHESWEEP_FORMAT: must be one of auto, json, not 'xml'/],
    [{ CACHESWEEP_RETRIES: 'x' }, /^CACHESWEEP_RETRIES: 'x' is not a number/],
    [{ CACHESWEEP_PROTECT: '[a' }, /^CACHESWEEP_PROTECT: .* not one/],
    [{ CACHESWEEP_PROTECT: '[1, {"a": 2}]' }, /^CACHESWEEP_PROTECT: must be a string or a number, not a mapping/],
  ])('%j is a usage error naming the variable', (env, re) => {
    expect(() => envLayer(specs, env)).toThrow(re);
  });
});
