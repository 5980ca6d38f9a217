import type { ConfigFile, ConfigLayer } from './config-file.js';
import type { EnvLayer } from './env.js';
import { UsageError } from '../shared/errors.js';
import { kindOf, type FlagSpecs } from './flag-spec.js';

/** Where a setting came from. */
export type Source =
  | { kind: 'flag' }
  | { kind: 'env'; variable: string }
  | { kind: 'profile'; profile: string; file: string; line: number }
  | { kind: 'file'; file: string; line: number }
  | { kind: 'default' }
  /** Not a flag's fixed default but worked out from other settings or the system (--target from --threshold). */
  | { kind: 'derived'; rule: string };

export interface Setting {
  value: unknown;
  /** The layer that decided the value (for lists: the highest layer that added to it). */
  source: Source;
  /** Lists add up across layers: every layer that contributed, lowest first. */
  from?: Source[];
}

/** The options a run uses, each with where it came from. */
export interface Effective {
  /** The config file read, if any. */
  file: string | null;
  profile: string | null;
  /** Profiles the file defines. */
  profiles: string[];
  /** Every flag that has a value (built-in defaults included); flags with no value at all are absent. */
  settings: Record<string, Setting>;
  /** The cache directory: the positional argument, else the profile's or the file's `root`. */
  root?: { value: string; source: Source };
}

export interface EffectiveInput {
  specs: FlagSpecs;
  /** The flags to resolve (those the command has); default: every flag in specs. */
  keys?: readonly string[];
  /** Flags given explicitly on the command line (not yargs defaults). */
  cli: Record<string, unknown>;
  /** The cache-dir positional, when given. */
  cliRoot?: string;
  env: EnvLayer;
  file: ConfigFile | null;
  profile?: string;
}

/**
 * Merge the layers. Precedence: flag > environment > profile > file defaults > built-in defaults.
 * Lists (repeatable flags such as --protect and --report) add up across layers instead: a protection in the
 * config file cannot be dropped by adding another on the command line. Pure.
 */
export function resolveEffective(input: EffectiveInput): Effective {
  const { specs, cli, env, file } = input;
  const profileName = input.profile;
  let profile: (ConfigLayer & { line: number }) | undefined;
  if (profileName !== undefined && profileName !== '') {
    if (!file) throw new UsageError(`--profile: '${profileName}' needs a config file, and none was read (give --config FILE)`);
    // Own profiles only: `--profile toString` found Object.prototype.toString and crashed (an internal error).
    profile = Object.hasOwn(file.profiles, profileName) ? file.profiles[profileName] : undefined;
    if (!profile) {
      const names = Object.keys(file.profiles);
      throw new UsageError(
        `--profile: no profile '${profileName}' in ${file.path} (${names.length ? `profiles: ${names.join(', ')}` : 'it defines no profiles'})`,
      );
    }
  }
  const layers: { values: Record<string, unknown>; source: (key: string) => Source }[] = [];
  if (file) layers.push({ values: file.defaults.values, source: (k) => ({ kind: 'file', file: file.path, line: file.defaults.lines[k] ?? 0 }) });
  if (profile && file && profileName) {
    const p = profile;
    layers.push({ values: p.values, source: (k) => ({ kind: 'profile', profile: profileName, file: file.path, line: p.lines[k] ?? 0 }) });
  }
  layers.push({ values: env.values, source: (k) => ({ kind: 'env', variable: env.variables[k] ?? '' }) });
  layers.push({ values: cli, source: () => ({ kind: 'flag' }) });

  const settings: Record<string, Setting> = {};
  for (const key of input.keys ?? Object.keys(specs)) {
    const spec = specs[key];
    if (!spec) continue;
    const given = layers.filter((l) => l.values[key] !== undefined);
    if (kindOf(spec) === 'list' && given.length > 0) {
      const items: unknown[] = [];
      for (const l of given) for (const v of asList(l.values[key])) if (!items.includes(v)) items.push(v);
      const from = given.map((l) => l.source(key));
      settings[key] = { value: items, source: from[from.length - 1]!, from };
    } else if (given.length > 0) {
      const top = given[given.length - 1]!;
      settings[key] = { value: top.values[key], source: top.source(key) };
    } else if (spec.default !== undefined) {
      settings[key] = { value: spec.default, source: { kind: 'default' } };
    }
  }

  const out: Effective = {
    file: file?.path ?? null,
    profile: profile ? profileName! : null,
    profiles: file ? Object.keys(file.profiles) : [],
    settings,
  };
  if (input.cliRoot !== undefined && input.cliRoot !== '') out.root = { value: input.cliRoot, source: { kind: 'flag' } };
  else if (profile?.root && file && profileName) {
    out.root = { value: profile.root.value, source: { kind: 'profile', profile: profileName, file: file.path, line: profile.root.line } };
  } else if (file?.defaults.root) {
    out.root = { value: file.defaults.root.value, source: { kind: 'file', file: file.path, line: file.defaults.root.line } };
  }
  return out;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

/** `command line`, `CACHESWEEP_MIN_AGE`, `/etc/cachesweep/config.yaml line 4`, `profile nova (/etc/...yaml line 9)`, `default`. */
export function describeSource(s: Source): string {
  switch (s.kind) {
    case 'flag':
      return 'command line';
    case 'env':
      return s.variable;
    case 'file':
      return `${s.file} line ${s.line}`;
    case 'profile':
      return `profile ${s.profile} (${s.file} line ${s.line})`;
    case 'default':
      return 'default';
    case 'derived':
      return `default (${s.rule})`;
  }
}

/**
 * Say where the flags a usage error names came from, when not from the command line: a bad value in a config
 * file or variable is then traced to its file, line and key. `--min-age: '7x' is not a duration` becomes
 * `--min-age: '7x' is not a duration (min-age from /etc/cachesweep/config.yaml line 4)`.
 */
export function annotateUsageError(message: string, eff: Effective | undefined): string {
  if (!eff) return message;
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const m of message.matchAll(/--([a-z][a-z0-9-]*)/g)) {
    const key = m[1]!;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = eff.settings[key];
    if (!s || s.source.kind === 'flag' || s.source.kind === 'default' || s.source.kind === 'derived') continue;
    const froms = (s.from ?? [s.source]).filter((f) => f.kind !== 'flag');
    notes.push(`${key} from ${froms.map(describeSource).join(' and ')}`);
  }
  if (/^cache-dir:/.test(message) && eff.root && eff.root.source.kind !== 'flag') notes.push(`cache-dir from root in ${describeSource(eff.root.source)}`);
  return notes.length ? `${message} (${notes.join('; ')})` : message;
}
