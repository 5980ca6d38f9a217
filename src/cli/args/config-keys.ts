import type { FlagSpec, FlagSpecs } from '../../config/flag-spec.js';
import { cleanFlags, clockFlags, configFlags, evictFlags, planFlags, runFlags, scanFlags } from './flags.js';
import { inUseFlags } from './flags-in-use.js';

/** Flags that say where configuration comes from; they cannot themselves be set in a config file. */
export const META_FLAGS: readonly string[] = Object.keys(configFlags);

/** The flag groups that are configuration, in the order `config --print` lists their flags. */
export const CONFIGURABLE_GROUPS: readonly FlagSpecs[] = [cleanFlags, planFlags, runFlags, scanFlags, inUseFlags, evictFlags];

/**
 * Every flag that has a config-file key and a CACHESWEEP_<FLAG> variable: all options of the configurable groups
 * but hidden ones (test hooks). Derived from the flag table, not listed, so a flag added to a group is
 * configurable at once, with its type, choices and default. (`groups` is for tests.)
 */
export function configurableFlags(groups: readonly FlagSpecs[] = CONFIGURABLE_GROUPS): FlagSpecs {
  const out: Record<string, FlagSpec> = {};
  for (const group of groups) {
    for (const [key, opt] of Object.entries(group)) if (!opt.hidden && !META_FLAGS.includes(key)) out[key] = opt;
  }
  return out;
}

/**
 * Every flag of the configurable groups and the clock, hidden ones included: the names CACHESWEEP_* variables are
 * checked against (a variable for a command-line-only flag is warned about, not taken for a misspelling).
 * Command-line-only flags are in configurableFlags too, so that a config file naming one is told so, and envLayer
 * skips them.
 */
export function everyFlag(groups: readonly FlagSpecs[] = [...CONFIGURABLE_GROUPS, clockFlags]): FlagSpecs {
  const out: Record<string, FlagSpec> = {};
  for (const group of groups) for (const [key, opt] of Object.entries(group)) if (!META_FLAGS.includes(key)) out[key] = opt;
  return out;
}
