import { jest } from '@jest/globals';
import { parseConfigText, suggest } from '../../src/config/config-file.js';
import { UsageError } from '../../src/shared/errors.js';
import type { FlagSpecs } from '../../src/config/flag-spec.js';
import { thrownBy } from '../helpers/errors.js';

const specs: FlagSpecs = {
  strategy: { type: 'string', default: 'age' },
  threshold: { type: 'string' },
  'min-age': { type: 'string', default: '10m' },
  quiet: { type: 'boolean', default: false },
  protect: { type: 'string', array: true, default: [] },
  format: { choices: ['auto', 'table', 'plain', 'json'], default: 'auto' },
  retries: { type: 'number' },
};

function fails(text: string, file = '/etc/cs.yaml'): string {
  return thrownBy(UsageError, () => parseConfigText(text, file, specs)).message;
}

describe('parseConfigText', () => {
  test('reads defaults and profiles with the line of every key', () => {
    const f = parseConfigText(
      ['# a comment', 'min-age: 30m', 'protect: "*.keep"', 'profiles:', '  nova:', '    root: /var/lib/nova/instances/_base', '    strategy: lru', '    threshold: 85%', ''].join('\n'),
      '/etc/cs.yaml',
      specs,
    );
    expect(f.defaults.values).toEqual({ 'min-age': '30m', protect: ['*.keep'] });
    expect(f.defaults.lines).toEqual({ 'min-age': 2, protect: 3 });
    expect(f.profiles.nova!.values).toEqual({ strategy: 'lru', threshold: '85%' });
    expect(f.profiles.nova!.lines).toEqual({ strategy: 7, threshold: 8 });
    expect(f.profiles.nova!.root).toEqual({ value: '/var/lib/nova/instances/_base', line: 6 });
    expect(f.profiles.nova!.line).toBe(5);
  });

  test('numbers stand for strings (max-delete: 100), lists and single values for list flags', () => {
    const f = parseConfigText('threshold: 500\nprotect: [a, b]\nretries: 3\n', 'c.yaml', specs);
    expect(f.defaults.values).toEqual({ threshold: '500', protect: ['a', 'b'], retries: 3 });
  });

  test('an empty file is no settings', () => {
    expect(parseConfigText('', 'c.yaml', specs).defaults.values).toEqual({});
    expect(parseConfigText('# only comments\n', 'c.yaml', specs).profiles).toEqual({});
  });

  test('an unknown key names the file, the line and the key, and suggests the flag', () => {
    expect(fails('min-age: 1m\nmin_age: 5m\n')).toBe("/etc/cs.yaml:2: unknown key 'min_age' (did you mean 'min-age'?)");
    expect(fails('profiles:\n  nova:\n    strategy: lru\n    treshold: 85%\n')).toBe("/etc/cs.yaml:4: unknown key 'profiles.nova.treshold' (did you mean 'threshold'?)");
    expect(fails('minAge: 5m\n')).toMatch(/did you mean 'min-age'/);
    expect(fails('zzz: 1\n')).toBe("/etc/cs.yaml:1: unknown key 'zzz'");
  });

  test('a list or a map as a key is refused in our words, and the yaml library prints nothing of its own', () => {
    const emitted: string[] = [];
    const onWarning = (w: Error): void => void emitted.push(w.message);
    process.on('warning', onWarning);
    const emit = jest.spyOn(process, 'emitWarning');
    try {
      expect(fails('? [a, b]\n: 1\n')).toBe('/etc/cs.yaml:1: a key must be a name, not a list or a map');
      expect(fails('strategy: lru\nprofiles:\n  nova:\n    {a: 1}: x\n')).toBe('/etc/cs.yaml:4: a key must be a name, not a list or a map');
      expect(fails('x: &k [a]\n? *k\n: 3\n')).toMatch(/^\/etc\/cs\.yaml:1: unknown key/); // an alias of a list as a key
      expect(emit).not.toHaveBeenCalled();
      expect(emitted).toEqual([]);
    } finally {
      emit.mockRestore();
      process.off('warning', onWarning);
    }
  });

  test('config and profile are not keys (they choose the file and the profile)', () => {
    expect(fails('config: /x.yaml\n')).toMatch(/:1: unknown key 'config'/);
  });

  test('a value of the wrong type or outside the choices names file, line and key', () => {
    expect(fails('strategy: lru\nquiet: yes\n')).toBe("/etc/cs.yaml:2: quiet: must be true or false, not 'yes'");
    expect(fails('format: xml\n')).toBe("/etc/cs.yaml:1: format: must be one of auto, table, plain, json, not 'xml'");
    expect(fails('threshold:\n')).toBe('/etc/cs.yaml:1: threshold: must be a string or a number, not an empty value');
    expect(fails('protect:\n  - a\n  - [b]\n')).toBe('/etc/cs.yaml:3: protect[1]: must be a string or a number, not a list');
    expect(fails('retries: many\n')).toMatch(/:1: retries: must be a number/);
    expect(fails('profiles:\n  nova:\n    root: 3\n')).toMatch(/:3: profiles\.nova\.root: must be the cache directory/);
  });

  test('the file and its profiles must be mappings', () => {
    expect(fails('- a\n- b\n')).toMatch(/^\/etc\/cs\.yaml:1: the file: must be a mapping/);
    expect(fails('profiles: 3\n')).toMatch(/:1: profiles: must be a mapping of profile names/);
    expect(fails('profiles:\n  nova: lru\n')).toMatch(/:2: profiles\.nova: must be a mapping of settings/);
  });

  test('YAML syntax errors and duplicate keys name the line', () => {
    expect(fails('a: [\n')).toMatch(/^\/etc\/cs\.yaml:\d+: not valid YAML: /);
    expect(fails('min-age: 1m\nmin-age: 2m\n')).toMatch(/^\/etc\/cs\.yaml:2: not valid YAML: Map keys must be unique/);
  });

  test('JSON files must be JSON, and get the same checks', () => {
    expect(parseConfigText('{"min-age": "1m", "profiles": {"p": {"threshold": "85%"}}}', 'c.json', specs).profiles.p!.values).toEqual({ threshold: '85%' });
    expect(fails('{"min-age": "1m",\n "x" 1}', '/c.json')).toMatch(/^\/c\.json:2: not valid JSON/);
    expect(fails('{"min-age": "1m",\n "bogus": 1}', '/c.json')).toBe("/c.json:2: unknown key 'bogus'");
    // YAML would accept this; a .json file may not
    expect(fails('min-age: 1m', '/c.json')).toMatch(/not valid JSON/);
  });

  test('several problems: the first is reported, and how many more there are', () => {
    expect(fails('quiet: 3\nformat: xml\n')).toMatch(/:1: quiet: .*\(and 1 more problem\)$/);
  });
});

describe('suggest', () => {
  test('same letters in another case or separator, or a close spelling', () => {
    expect(suggest('MIN_AGE', ['min-age', 'max-age'])).toBe('min-age');
    expect(suggest('stratgy', ['strategy'])).toBe('strategy');
    expect(suggest('something-else', ['strategy'])).toBeUndefined();
  });
});
