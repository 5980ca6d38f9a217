/**
 * The shape of a command-line flag: what values it takes and how help shows it. The CLI's flag tables
 * (src/cli/args/flags*.ts) are written in it and handed to yargs as they are (this is a subset of yargs' option
 * definition); config files and CACHESWEEP_<FLAG> variables accept exactly the flags described here, with the same
 * types, choices and defaults; and ArgsOf below gives the parsed arguments' type from the same tables.
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
  /**
   * Given several times, each value counts (`--in-use-from A --in-use-from B`), without `array: true`: yargs then
   * gives one value as a string, several as an array, and `asList` reads both. Any other flag that takes one value
   * is refused when given twice (src/cli/args/once.ts).
   */
  repeatable?: boolean | undefined;
}

export interface FlagSpec extends FlagPolicy {
  type?: 'string' | 'boolean' | 'number' | 'count' | 'array' | undefined;
  array?: boolean | undefined;
  choices?: readonly (string | number)[] | undefined;
  /**
   * Values shell completion offers for a flag without fixed choices: --strategy also accepts aliases and any case,
   * which `choices` would refuse.
   */
  values?: readonly string[] | undefined;
  default?: unknown;
  alias?: string | readonly string[] | undefined;
  describe?: string | undefined;
  /** Hidden flags (for tests, e.g. a fixed clock) are not configuration keys. */
  hidden?: boolean | undefined;
  /** The heading help lists the flag under. */
  group?: string | undefined;
  /**
   * The flag must be followed by its value. A string flag that requires its value is taken as repeatable (each use
   * adds one; yargs gives a list when it is given more than once), see ValueOf.
   */
  requiresArg?: boolean | undefined;
  /** Values per use: 1 makes a list flag take one value each time it is given (--protect a --protect b). */
  nargs?: number | undefined;
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

/** The type of camelCase: `'min-age'` -> `'minAge'`. */
export type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** The value a parsed flag holds, by its spec (the order of kindOf, with choices first). */
export type ValueOf<S> = S extends { choices: readonly (infer C)[] }
  ? C
  : S extends { array: true } | { type: 'array' }
    ? string[]
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'number' | 'count' }
        ? number
        : S extends { requiresArg: true }
          ? string | string[]
          : string;

type Defaulted<G> = { [K in keyof G]: G[K] extends { default: unknown } ? K : never }[keyof G];

/**
 * The parsed arguments a group of flags gives, as yargs hands them to a command: camel-cased keys, a flag with a
 * default always present, any other flag possibly absent. Derived, never written by hand, so that a flag added to
 * a table is in the type at once and a flag's type cannot drift from its definition.
 */
export type ArgsOf<G> = { -readonly [K in Defaulted<G> as CamelCase<K & string>]: ValueOf<G[K]> } & {
  -readonly [K in Exclude<keyof G, Defaulted<G>> as CamelCase<K & string>]?: ValueOf<G[K]>;
};
