import { UsageError } from '../shared/errors.js';
import { editDistance, withinOneEdit } from '../shared/edit-distance.js';
import { envVarOf, type FlagSpecs } from './flag-spec.js';

/**
 * CACHESWEEP_* variables that are not flags: which config file and profile (safety: they hold the protections),
 * where the system file is looked for (packagers, tests), stack traces for internal errors, and the listings'
 * thread count (benchmarks and tests: src/sys/native.ts).
 */
export const OTHER_VARIABLES: Readonly<Record<string, { safety: boolean }>> = {
  CACHESWEEP_CONFIG: { safety: true },
  CACHESWEEP_PROFILE: { safety: true },
  CACHESWEEP_SYSTEM_CONFIG: { safety: true },
  CACHESWEEP_DEBUG: { safety: false },
  CACHESWEEP_SCAN_THREADS: { safety: false },
};

/** The variables cachesweep knows: those it reads (and whether each is a safety setting), and those it never reads. */
export interface KnownVariables {
  read: ReadonlyMap<string, { safety: boolean }>;
  /** The variable of a command-line-only flag -> the flag. */
  cliOnly: ReadonlyMap<string, string>;
}

/** The known variables from every flag (hidden and command-line-only ones included) and OTHER_VARIABLES. */
export function knownVariables(flags: FlagSpecs): KnownVariables {
  const read = new Map<string, { safety: boolean }>(Object.entries(OTHER_VARIABLES));
  const cliOnly = new Map<string, string>();
  for (const [key, spec] of Object.entries(flags)) {
    if (spec.cliOnly || spec.hidden) cliOnly.set(envVarOf(key), `--${key}`);
    else read.set(envVarOf(key), { safety: Boolean(spec.safety) });
  }
  return { read, cliOnly };
}

/**
 * Check the names of the environment's variables against the known ones. A variable cachesweep does not read but
 * that looks like its own (the CACHESWEEP prefix in any case, or one edit from a known name) is a warning with a
 * suggestion; one edit away from a safety variable, with a value, it is refused: `CACHESWEEP_DRYRUN=1` was ignored
 * and the run deleted. Returns the warnings; throws the refusal as a UsageError.
 */
export function checkEnvNames(env: NodeJS.ProcessEnv, known: KnownVariables): string[] {
  const warnings: string[] = [];
  const names = [...known.read.keys(), ...known.cliOnly.keys()];
  for (const [name, value] of Object.entries(env)) {
    if (known.read.has(name)) continue;
    const flag = known.cliOnly.get(name);
    if (flag !== undefined) {
      if (value) warnings.push(`${name} is ignored: ${flag} is accepted on the command line only`);
      continue;
    }
    // Without the prefix, only a name one edit from a known one is ours (PATH and HOME are not): asked first, cheaply.
    const upper = name.toUpperCase();
    if (!upper.startsWith('CACHESWEEP') && !names.some((n) => withinOneEdit(upper, n))) continue;
    const near = nearest(name, names);
    // Any safety variable one edit away, even when another name is as close (a tie is no reason to delete).
    const meant = nearest(name, safetyNames(known));
    if (meant.distance <= 1 && value) {
      throw new UsageError(
        `${name} is not a cachesweep variable; did you mean ${meant.name}? Refusing to run: a misspelt safety setting must not be ignored (unset ${name}, or fix its name)`,
      );
    }
    const hint = near.distance <= 3 && !known.cliOnly.has(near.name) ? ` (did you mean ${near.name}?)` : '';
    warnings.push(`${name} is not a cachesweep variable and is ignored${hint}`);
  }
  return warnings;
}

function safetyNames(known: KnownVariables): string[] {
  return [...known.read].filter(([, v]) => v.safety).map(([k]) => k);
}

/** The known name closest to `name`; a difference of case only is one edit (CACHESWEEP_dry_run). */
function nearest(name: string, names: readonly string[]): { name: string; distance: number } {
  const upper = name.toUpperCase();
  let best = { name: '', distance: Infinity };
  for (const n of names) {
    if (Math.abs(n.length - upper.length) >= best.distance) continue;
    const d = Math.max(editDistance(upper, n), upper === name ? 0 : 1);
    if (d < best.distance) best = { name: n, distance: d };
  }
  return best;
}
