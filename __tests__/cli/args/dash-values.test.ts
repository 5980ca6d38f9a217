import { attachDashValues } from '../../../src/cli/args/dash-values.js';
import { planFlags, scanFlags } from '../../../src/cli/args/flags.js';

const groups = [scanFlags, planFlags];

describe('attachDashValues', () => {
  it('gives a value that starts with a dash and a digit to the flag before it', () => {
    expect(attachDashValues(['clean', '/c', '--min-free', '-1G'], groups)).toEqual(['clean', '/c', '--min-free=-1G']);
    expect(attachDashValues(['/c', '--threshold', '-5%', '--max-age', '-.5d'], groups)).toEqual(['/c', '--threshold=-5%', '--max-age=-.5d']);
    expect(attachDashValues(['/c', '-s', '-1', '--minFree', '-2G'], groups)).toEqual(['/c', '-s=-1', '--minFree=-2G']);
  });

  it('leaves everything else alone', () => {
    const same = [
      ['/c', '--min-free', '1G', '--dry-run'],
      ['/c', '--dry-run', '-1'], // a boolean flag takes no value
      ['/c', '--min-free=-1G'],
      ['/c', '--protect', '-x'], // not a number-like value: a flag, as yargs reads it
      ['/c', '--min-free'],
    ];
    for (const argv of same) expect(attachDashValues(argv, groups)).toEqual(argv);
  });

  it('after --, every word is a positional: one starting with a dash is passed as the same path with ./ before it', () => {
    expect(attachDashValues(['pin', '/c', '--', '-rf', '--min-free', 'plain', '/abs'], groups)).toEqual(['pin', '/c', './-rf', './--min-free', 'plain', '/abs']);
  });
});
