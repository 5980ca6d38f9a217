import { attachDashValues, refuseMissingValues } from '../../../src/cli/args/dash-values.js';
import { runCliSync } from '../../helpers/run.js';
import { planFlags, scanFlags } from '../../../src/cli/args/flags.js';

/** The built CLI with no state directory given (help, completion and refused lines write none). */
const runBin = (args: string[], env: Record<string, string> = {}) => runCliSync(args, { stateDir: false, env });

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

describe('refuseMissingValues', () => {
  it('refuses a flag that takes a value given last or followed by another flag, naming it as typed', () => {
    expect(() => refuseMissingValues(['plan', '/c', '--threshold'], groups)).toThrow('--threshold: missing its value (see --help)');
    expect(() => refuseMissingValues(['plan', '/c', '--format', '--json'], groups)).toThrow('--format: missing its value (see --help)');
    expect(() => refuseMissingValues(['plan', '/c', '-s', '-q'], groups)).toThrow('-s: missing its value (see --help)');
  });

  it('takes a dash-number, a lone dash, an inline value and anything after -- as given', () => {
    for (const ok of [
      ['/c', '--min-free', '-1G'],
      ['/c', '--layout', '-'],
      ['/c', '--threshold='],
      ['/c', '--', '--threshold'],
      ['/c', '--dry-run', '--quiet'],
    ]) expect(() => refuseMissingValues(ok, groups)).not.toThrow();
  });

  it('through the binary: clean DIR --wait no longer cleans without waiting; a bare --format is refused', () => {
    expect(runBin(['clean', '/nonexistent-cache', '--wait'])).toMatchObject({ code: 2, stdout: '', stderr: 'cachesweep: --wait: missing its value (see --help)\n' });
    expect(runBin(['plan', '/nonexistent-cache', '--format'])).toMatchObject({ code: 2, stderr: 'cachesweep: --format: missing its value (see --help)\n' });
  });

  it("through the binary: pin's --for/--until and history's --since name themselves too (they said `unknown arguments -1, -d`)", () => {
    const duration = "is not a duration (use s, m, h, d or w, e.g. 90s, 10m, 24h, 7d, 1d12h)";
    expect(runBin(['pin', '/nonexistent-cache', 'x', '--for', '-1d'])).toMatchObject({ code: 2, stderr: `cachesweep: --for: '-1d' ${duration}\n` });
    expect(runBin(['history', '/nonexistent-cache', '--since', '-1d'])).toMatchObject({ code: 2, stderr: `cachesweep: --since: '-1d' ${duration}\n` });
    expect(runBin(['pin', '/nonexistent-cache', 'x', '--until'])).toMatchObject({ code: 2, stderr: 'cachesweep: --until: missing its value (see --help)\n' });
  });
});
