/**
 * The parsed arguments' types are derived from the flag table (ArgsOf), and withGroups hands them to the commands
 * with one cast: what yargs really parses must have the keys and kinds the derived types say.
 */
import yargs from 'yargs';
import { cleanFlags, configFlags, planFlags, runFlags, scanFlags, withFlags, withGroups, type CleanArgs, type PlanArgs, type StatusArgs } from '../../../src/cli/args/flags.js';
import { inUseFlags } from '../../../src/cli/args/flags-in-use.js';
import { simulateFlags, type SimulateArgs } from '../../../src/cli/args/flags-simulate.js';
import { camelCase, kindOf, type FlagSpecs } from '../../../src/config/flag-spec.js';
import type { FileFormat } from '../../../src/sim/trace/open.js';

const groups = [configFlags, scanFlags, planFlags, inUseFlags, runFlags, cleanFlags] as const;
const all: FlagSpecs = Object.assign({}, ...groups) as FlagSpecs;

function parseClean(argv: string[]): Record<string, unknown> {
  return withFlags(yargs(argv), scanFlags, planFlags, inUseFlags, runFlags, cleanFlags).parseSync() as Record<string, unknown>;
}

// Checked by tsc (npm test type-checks the tests): the derived types of a few flags of each kind.
type Is<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const derived: [
  Is<PlanArgs['protect'], string[]>,
  Is<PlanArgs['format'], 'auto' | 'table' | 'plain' | 'json'>,
  Is<PlanArgs['threshold'], string | undefined>,
  Is<PlanArgs['logFormat'], 'text' | 'json' | undefined>,
  Is<StatusArgs['instancesDir'], string | string[] | undefined>,
  Is<StatusArgs['atime'], boolean>,
  Is<CleanArgs['dryRun'], boolean>,
  Is<CleanArgs['lockStale'], string>,
  Is<SimulateArgs['traceFormat'], 'auto' | FileFormat>,
  Is<SimulateArgs['capacity'], string[] | undefined>,
] = [true, true, true, true, true, true, true, true, true, true];

describe('the flag table and the derived argument types', () => {
  test('no flag given: a flag with a default is there at its default (a required key), any other is absent (optional)', () => {
    expect(derived.every(Boolean)).toBe(true);
    const argv = parseClean([]);
    for (const [key, spec] of Object.entries(all)) {
      if (spec.default !== undefined) expect([key, argv[camelCase(key)]]).toEqual([key, spec.default]);
      else expect([key, argv[camelCase(key)]]).toEqual([key, undefined]);
    }
  });

  test('each flag given: its value has the kind its spec says (a string flag that requires its value may repeat)', () => {
    const argv: string[] = [];
    for (const [key, spec] of Object.entries(all)) {
      if (spec.hidden) continue;
      if (spec.choices) argv.push(`--${key}`, String(spec.choices[spec.choices.length - 1]));
      else if (kindOf(spec) === 'boolean') argv.push(`--${key}`);
      else if (kindOf(spec) === 'list' || spec.requiresArg) argv.push(`--${key}`, 'x', `--${key}`, 'y');
      else argv.push(`--${key}`, 'x');
    }
    const parsed = parseClean(argv);
    for (const [key, spec] of Object.entries(all)) {
      if (spec.hidden) continue;
      const v = parsed[camelCase(key)];
      const kind = kindOf(spec);
      if (spec.choices) expect(spec.choices).toContain(v);
      else if (kind === 'boolean') expect([key, typeof v]).toEqual([key, 'boolean']);
      else if (kind === 'list') expect([key, v]).toEqual([key, ['x', 'y']]);
      else if (spec.requiresArg) expect([key, v]).toEqual([key, ['x', 'y']]);
      else expect([key, typeof v]).toEqual([key, 'string']);
    }
  });

  test('simulate: the same rules through withGroups', () => {
    const argv = withGroups(yargs(['--capacity', '1G', '--capacity', '2G', '--trace-format', 'csv']), simulateFlags).parseSync() as Record<string, unknown>;
    expect(argv.capacity).toEqual(['1G', '2G']);
    expect(argv.traceFormat).toBe('csv');
    expect(argv.timeUnit).toBe(simulateFlags['time-unit'].default);
    expect(argv.limits).toBe(true);
    expect(argv.trace).toBeUndefined();
  });
});
