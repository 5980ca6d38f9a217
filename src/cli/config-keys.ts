import type { FlagSpec, FlagSpecs } from '../config/flag-spec.js';
import * as inUseFlagModule from './flags-in-use.js';
import * as flagModule from './flags.js';

/** Flags that say where configuration comes from; they cannot themselves be set in a config file. */
export const META_FLAGS: readonly string[] = ['config', 'profile'];

/**
 * Every flag that has a config-file key and a CACHESWEEP_<FLAG> variable: all options of every `*Flags` group
 * exported by src/cli/flags.ts and src/cli/flags-in-use.ts, except hidden ones (test hooks) and --config/--profile. Derived, not listed, so a
 * flag added to a group is configurable at once. (`groups` is for tests.) Command-line-only flags are in it, so that a
 * config file naming one is told so (config-schema.ts), and envLayer skips them.
 */
export function configurableFlags(groups: Record<string, unknown> = { ...flagModule, ...inUseFlagModule }): FlagSpecs {
  const out: Record<string, FlagSpec> = {};
  for (const [key, opt] of Object.entries(everyFlag(groups))) if (!opt.hidden) out[key] = opt;
  return out;
}

/**
 * Every flag of those groups but --config/--profile, hidden ones included: the names CACHESWEEP_* variables are
 * checked against (a variable for a command-line-only flag is warned about, not taken for a misspelling).
 */
export function everyFlag(groups: Record<string, unknown> = { ...flagModule, ...inUseFlagModule }): FlagSpecs {
  const out: Record<string, FlagSpec> = {};
  for (const [name, group] of Object.entries(groups)) {
    if (!name.endsWith('Flags') || group === null || typeof group !== 'object') continue;
    for (const [key, opt] of Object.entries(group as Record<string, FlagSpec>)) {
      if (META_FLAGS.includes(key) || opt === null || typeof opt !== 'object') continue;
      out[key] = opt;
    }
  }
  return out;
}
