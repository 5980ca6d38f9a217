import { parseConfigText } from '../../src/config/config-file.js';
import { annotateUsageError, describeSource, resolveEffective } from '../../src/config/effective.js';
import { envLayer } from '../../src/config/env.js';
import type { FlagSpecs } from '../../src/config/flag-spec.js';

const specs: FlagSpecs = {
  strategy: { type: 'string', default: 'age' },
  threshold: { type: 'string' },
  'min-age': { type: 'string', default: '10m' },
  'max-age': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  protect: { type: 'string', array: true, default: [] },
};

const FILE = ['strategy: size', 'min-age: 1h', 'max-age: 7d', 'protect: file-*', 'root: /srv/cache', 'profiles:', '  nova:', '    root: /var/lib/nova/instances/_base', '    strategy: lru', '    min-age: 2h', '    protect: [profile-*]', '  empty: {}', ''].join('\n');
const file = parseConfigText(FILE, '/etc/cs.yaml', specs);
const noEnv = envLayer(specs, {});

describe('resolveEffective: flag > environment > profile > file defaults > built-in defaults', () => {
  test('built-in defaults alone', () => {
    const e = resolveEffective({ specs, cli: {}, env: noEnv, file: null });
    expect(e.settings.strategy).toEqual({ value: 'age', source: { kind: 'default' } });
    expect(e.settings.threshold).toBeUndefined();
    expect(e.root).toBeUndefined();
    expect(e.file).toBeNull();
  });

  test('file defaults beat built-in defaults', () => {
    const e = resolveEffective({ specs, cli: {}, env: noEnv, file });
    expect(e.settings.strategy!.value).toBe('size');
    expect(e.settings.strategy!.source).toEqual({ kind: 'file', file: '/etc/cs.yaml', line: 1 });
    expect(e.root).toEqual({ value: '/srv/cache', source: { kind: 'file', file: '/etc/cs.yaml', line: 5 } });
  });

  test('the profile beats the file, and its root stands in for the cache directory', () => {
    const e = resolveEffective({ specs, cli: {}, env: noEnv, file, profile: 'nova' });
    expect(e.settings.strategy!.value).toBe('lru');
    expect(e.settings['min-age']!.source).toEqual({ kind: 'profile', profile: 'nova', file: '/etc/cs.yaml', line: 10 });
    expect(e.settings['max-age']!.value).toBe('7d'); // not in the profile: the file's
    expect(e.root!.value).toBe('/var/lib/nova/instances/_base');
    expect(e.profile).toBe('nova');
    expect(e.profiles).toEqual(['nova', 'empty']);
  });

  test('the environment beats the profile; the command line beats everything', () => {
    const env = envLayer(specs, { CACHESWEEP_STRATEGY: 'age', CACHESWEEP_MIN_AGE: '5m' });
    const e = resolveEffective({ specs, cli: { 'min-age': '1m' }, cliRoot: '/tmp/x', env, file, profile: 'nova' });
    expect(e.settings.strategy).toEqual({ value: 'age', source: { kind: 'env', variable: 'CACHESWEEP_STRATEGY' } });
    expect(e.settings['min-age']).toEqual({ value: '1m', source: { kind: 'flag' } });
    expect(e.root).toEqual({ value: '/tmp/x', source: { kind: 'flag' } });
  });

  test('a flag given on the command line with the default value still wins', () => {
    const e = resolveEffective({ specs, cli: { 'min-age': '10m' }, env: noEnv, file });
    expect(e.settings['min-age']).toEqual({ value: '10m', source: { kind: 'flag' } });
  });

  test('lists add up across layers, in order, without repeats (a protection cannot be dropped)', () => {
    const env = envLayer(specs, { CACHESWEEP_PROTECT: '["env-*","file-*"]' });
    const e = resolveEffective({ specs, cli: { protect: ['cli-*'] }, env, file, profile: 'nova' });
    expect(e.settings.protect!.value).toEqual(['file-*', 'profile-*', 'env-*', 'cli-*']);
    expect(e.settings.protect!.from!.map((s) => s.kind)).toEqual(['file', 'profile', 'env', 'flag']);
    expect(e.settings.protect!.source).toEqual({ kind: 'flag' });
  });

  test('only the keys asked for are resolved', () => {
    const e = resolveEffective({ specs, keys: ['quiet'], cli: {}, env: noEnv, file });
    expect(Object.keys(e.settings)).toEqual(['quiet']);
  });

  test('an unknown profile, or a profile without a file, is a usage error', () => {
    expect(() => resolveEffective({ specs, cli: {}, env: noEnv, file, profile: 'glance' })).toThrow(
      "--profile: no profile 'glance' in /etc/cs.yaml (profiles: nova, empty)",
    );
    expect(() => resolveEffective({ specs, cli: {}, env: noEnv, file: null, profile: 'nova' })).toThrow(/--profile: 'nova' needs a config file/);
  });
});

describe('annotateUsageError', () => {
  const env = envLayer(specs, { CACHESWEEP_THRESHOLD: '85' });
  const e = resolveEffective({ specs, cli: { strategy: 'lru' }, env, file, profile: 'nova' });

  test('a flag from the file, a profile or a variable is traced to it', () => {
    expect(annotateUsageError("--min-age: '2h' is bad", e)).toBe("--min-age: '2h' is bad (min-age from profile nova (/etc/cs.yaml line 10))");
    expect(annotateUsageError("--threshold: '85' is ambiguous", e)).toBe("--threshold: '85' is ambiguous (threshold from CACHESWEEP_THRESHOLD)");
    expect(annotateUsageError('--max-age and --threshold clash', e)).toBe('--max-age and --threshold clash (max-age from /etc/cs.yaml line 3; threshold from CACHESWEEP_THRESHOLD)');
  });

  test('flags from the command line or defaults are left alone', () => {
    expect(annotateUsageError('--strategy: bad', e)).toBe('--strategy: bad');
    expect(annotateUsageError('--quiet: bad', e)).toBe('--quiet: bad');
    expect(annotateUsageError('anything', undefined)).toBe('anything');
  });

  test('a bad root from a profile is traced too', () => {
    expect(annotateUsageError('cache-dir: /x does not exist', e)).toBe('cache-dir: /x does not exist (cache-dir from root in profile nova (/etc/cs.yaml line 8))');
  });

  test('describeSource', () => {
    expect(describeSource({ kind: 'flag' })).toBe('command line');
    expect(describeSource({ kind: 'default' })).toBe('default');
    expect(describeSource({ kind: 'file', file: '/f', line: 3 })).toBe('/f line 3');
  });
});
