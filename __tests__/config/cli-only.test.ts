/**
 * Destructive overrides and test switches are command-line only, as a property of the flag table (FlagPolicy
 * cliOnly): a config file or a profile naming one is refused with its line, its CACHESWEEP_* variable is never read,
 * and checkEnvNames warns about it instead. Checked for every such flag in the real tables, so a flag added later
 * with `cliOnly: true` (--force-young, evict --all) is covered without a new test.
 */
import { configurableFlags, everyFlag } from '../../src/cli/args/config-keys.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { envLayer } from '../../src/config/env.js';
import { checkEnvNames, knownVariables } from '../../src/config/env-names.js';
import { envVarOf, kindOf } from '../../src/config/flag-spec.js';
import { UsageError } from '../../src/shared/errors.js';

const every = everyFlag();
const cliOnly = Object.keys(every).filter((k) => every[k]!.cliOnly);
const configurable = configurableFlags();

/** A value of the flag's own type, so that only the policy can refuse it. */
const valueFor = (key: string): string => {
  const kind = kindOf(every[key]!);
  return kind === 'boolean' ? 'true' : kind === 'number' ? '1' : kind === 'list' ? '[x]' : '"x"';
};

describe('command-line-only flags', () => {
  it('include the destructive override and the test switches', () => {
    expect(cliOnly).toEqual(expect.arrayContaining(['ignore-unreadable-disks', 'hold-before-apply', 'now']));
  });

  it('every hidden flag (a test switch) is command-line only', () => {
    for (const [key, spec] of Object.entries(every)) if (spec.hidden) expect([key, spec.cliOnly]).toEqual([key, true]);
  });

  it.each(cliOnly.filter((k) => !every[k]!.hidden))('%s in a config file or a profile is refused, naming its line', (key) => {
    const top = `min-age: 1h\n${key}: ${valueFor(key)}\n`;
    expect(() => parseConfigText(top, '/etc/cachesweep/config.yaml', configurable)).toThrow(
      new UsageError(`/etc/cachesweep/config.yaml:2: ${key}: accepted on the command line only (--${key}): an override is given for one run, never kept in a file`),
    );
    const profile = `profiles:\n  nova:\n    min-age: 1h\n    ${key}: ${valueFor(key)}\n`;
    expect(() => parseConfigText(profile, '/etc/c.yaml', configurable)).toThrow(/^\/etc\/c\.yaml:4: profiles\.nova\.[a-z-]+: accepted on the command line only/);
  });

  it.each(cliOnly)('CACHESWEEP variable of %s: never read, and warned about', (key) => {
    const name = envVarOf(key);
    const env = { [name]: '1', CACHESWEEP_MIN_AGE: '1h' };
    expect(envLayer(configurable, env).values).toEqual({ 'min-age': '1h' });
    expect(checkEnvNames(env, knownVariables(every))).toEqual([`${name} is ignored: --${key} is accepted on the command line only`]);
  });
});
