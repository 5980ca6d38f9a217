/**
 * Names of CACHESWEEP_* variables (issue 12, case 9): a misspelt safety variable is refused, any other unknown one
 * warned about with a suggestion. With the real flag table.
 */
import { everyFlag } from '../../src/cli/args/config-keys.js';
import { checkEnvNames, knownVariables, OTHER_VARIABLES } from '../../src/config/env-names.js';
import { envVarOf } from '../../src/config/flag-spec.js';
import { UsageError } from '../../src/shared/errors.js';
import { editDistance } from '../../src/shared/edit-distance.js';

const known = knownVariables(everyFlag());
const safety = [...known.read].filter(([, v]) => v.safety).map(([k]) => k);

describe('the safety variables', () => {
  it('are the settings whose loss lets a run delete more, and only those', () => {
    expect(safety.sort()).toEqual(
      [
        'DRY_RUN', 'PROTECT', 'MIN_AGE', 'MAX_AGE', 'STALE_PARTIAL_AGE', 'MAX_DELETE', 'THRESHOLD', 'TARGET', 'MIN_FREE',
        'STRATEGY', 'LAYOUT', 'STATE_DIR', 'INSTANCES_DIR', 'IN_USE_FROM', 'NOVA_CONF', 'NOVA_CONF_DIR', 'GLANCE_CONF',
        'GLANCE_CONF_DIR', 'CONFIG', 'PROFILE', 'SYSTEM_CONFIG',
        // where entries are, and which may go: losing one evicts whole shards, or what --include left out
        'ENTRIES', 'DEPTH', 'INCLUDE',
      ].map((n) => `CACHESWEEP_${n}`).sort(),
    );
  });

  it('are all read: a known variable passes without a word', () => {
    const env = Object.fromEntries([...known.read.keys()].map((k) => [k, 'x']));
    expect(checkEnvNames({ ...env, PATH: '/bin', HOME: '/root' }, known)).toEqual([]);
  });
});

describe('checkEnvNames', () => {
  it.each([
    ['CACHESWEEP_DRYRUN', 'CACHESWEEP_DRY_RUN'],
    ['CACHESWEEP_DRY_RNU', 'CACHESWEEP_DRY_RUN'],
    ['CACHESWEEP_dry_run', 'CACHESWEEP_DRY_RUN'],
    ['CACHESWEEP_PROTECTS', 'CACHESWEEP_PROTECT'],
    ['CACHESWEEP_MINAGE', 'CACHESWEEP_MIN_AGE'],
    ['CACHSWEEP_MAX_DELETE', 'CACHESWEEP_MAX_DELETE'],
    ['CACHESWEEP_STATEDIR', 'CACHESWEEP_STATE_DIR'],
    ['CACHESWEEP_CONFIGG', 'CACHESWEEP_CONFIG'],
  ])('%s=1 is refused, naming %s', (name, meant) => {
    expect(() => checkEnvNames({ [name]: '1' }, known)).toThrow(
      new UsageError(`${name} is not a cachesweep variable; did you mean ${meant}? Refusing to run: a misspelt safety setting must not be ignored (unset ${name}, or fix its name)`),
    );
  });

  it('one edit from a variable that is not a safety setting: a warning with the suggestion', () => {
    expect(checkEnvNames({ CACHESWEEP_QUIT: '1', CACHESWEEP_JSONN: '1' }, known)).toEqual([
      'CACHESWEEP_QUIT is not a cachesweep variable and is ignored (did you mean CACHESWEEP_QUIET?)',
      'CACHESWEEP_JSONN is not a cachesweep variable and is ignored (did you mean CACHESWEEP_JSON?)',
    ]);
  });

  it('an empty misspelt safety variable asks for nothing: a warning, not a refusal', () => {
    expect(checkEnvNames({ CACHESWEEP_DRYRUN: '' }, known)).toEqual(['CACHESWEEP_DRYRUN is not a cachesweep variable and is ignored (did you mean CACHESWEEP_DRY_RUN?)']);
  });

  it('far from every name: a warning without a guess; other programs\' variables are left alone', () => {
    expect(checkEnvNames({ CACHESWEEP_SOMETHING_ELSE: '1', PATH: '/bin', CACHE_DIR: '/x', SWEEP: '1' }, known)).toEqual([
      'CACHESWEEP_SOMETHING_ELSE is not a cachesweep variable and is ignored',
    ]);
  });

  it('every safety variable: each single deletion, transposition and doubled letter is refused', () => {
    for (const name of safety) {
      const tail = name.slice('CACHESWEEP_'.length);
      const variants = new Set<string>();
      for (let i = 0; i < tail.length; i++) {
        variants.add(`CACHESWEEP_${tail.slice(0, i)}${tail.slice(i + 1)}`);
        variants.add(`CACHESWEEP_${tail.slice(0, i)}${tail[i]}${tail.slice(i)}`);
        if (i + 1 < tail.length) variants.add(`CACHESWEEP_${tail.slice(0, i)}${tail[i + 1]}${tail[i]}${tail.slice(i + 2)}`);
      }
      for (const v of variants) {
        if (v === name || known.read.has(v) || known.cliOnly.has(v)) continue;
        expect(() => checkEnvNames({ [v]: '1' }, known)).toThrow(/Refusing to run/);
      }
    }
  });

  it('flag variables come from the flag table; OTHER_VARIABLES are the rest', () => {
    expect(known.read.has(envVarOf('min-age'))).toBe(true);
    for (const k of Object.keys(OTHER_VARIABLES)) expect(known.read.has(k)).toBe(true);
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0], ['a', '', 1], ['DRY_RUN', 'DRYRUN', 1], ['DRY_RUN', 'DRY_RNU', 1], ['ab', 'ba', 1], ['abc', 'cba', 2], ['kitten', 'sitting', 3],
  ])('%s / %s: %d', (a, b, d) => {
    expect(editDistance(a as string, b as string)).toBe(d);
    expect(editDistance(b as string, a as string)).toBe(d);
  });
});
