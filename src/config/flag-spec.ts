/**
 * The shape of a command-line flag as far as configuration cares: the subset of a yargs option definition
 * that says what values it takes. Config files and CACHESWEEP_<FLAG> variables accept exactly the flags
 * described here, with the same types, choices and defaults.
 */
/**
 * What configuration may do with a flag, written beside its definition in the flag tables, so that a flag added
 * later gets the rule by saying so (`--force-young` is `cliOnly: true`, like `--ignore-unreadable-disks`).
 */
export interface FlagPolicy {
  /**
   * Accepted on the command line only: never from a config file, a profile or a CACHESWEEP_* variable. For
   * destructive overrides and test switches: an override left in a file or an environment outlives the one run it
   * was meant for. A config file naming it is an error; its variable is warned about and ignored.
   */
  cliOnly?: boolean | undefined;
  /**
   * A safety setting: ignoring it could make a run delete what it would keep (a dry run, a protection, an age, a
   * cap, where pins are kept, what is in use). A CACHESWEEP_* variable one edit away from its variable
   * (CACHESWEEP_DRYRUN) is refused, not ignored.
   */
  safety?: boolean | undefined;
}

export interface FlagSpec extends FlagPolicy {
  type?: 'string' | 'boolean' | 'number' | 'count' | 'array' | undefined;
  array?: boolean | undefined;
  choices?: unknown;
  default?: unknown;
  alias?: string | readonly string[] | undefined;
  describe?: string | undefined;
  /** Hidden flags (for tests, e.g. a fixed clock) are not configuration keys. */
  hidden?: boolean | undefined;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** What values a flag takes. */
export type FlagKind = 'boolean' | 'number' | 'list' | 'string';

export function kindOf(spec: FlagSpec): FlagKind {
  if (spec.array || spec.type === 'array') return 'list';
  if (spec.type === 'boolean') return 'boolean';
  if (spec.type === 'number' || spec.type === 'count') return 'number';
  return 'string';
}

export function choicesOf(spec: FlagSpec): readonly unknown[] | undefined {
  return Array.isArray(spec.choices) ? spec.choices : undefined;
}

export function aliasesOf(spec: FlagSpec): string[] {
  if (spec.alias === undefined) return [];
  return typeof spec.alias === 'string' ? [spec.alias] : [...spec.alias];
}

/** `min-age` -> `minAge`, as yargs camel-cases flags. */
export function camelCase(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `min-age` -> `CACHESWEEP_MIN_AGE`. */
export function envVarOf(key: string): string {
  return `CACHESWEEP_${key.toUpperCase().replace(/-/g, '_')}`;
}
