import { UsageError } from '../shared/errors.js';
import { normalizeGroup, type Assignment, type OsloFile } from './oslo-ini.js';
import { pyBlank, pythonBool, pythonInt, pythonStr, type OsloValue } from './oslo-types.js';

/** A value this host gives an option by default (Nova's my_ip, host), and how it was found. */
export interface HostValue {
  value: string;
  detail: string;
  /** Said to the operator when the option is used (e.g. my_ip fell back to 127.0.0.1). */
  warning?: string;
}

/** An option as a service declares it (cfg.StrOpt(...) and friends), as far as cachesweep reads it. */
export interface OptDef {
  name: string;
  /** `DEFAULT` or the group's name. */
  group: string;
  type: 'str' | 'int' | 'bool';
  /** The declared default: a value (strings are substituted like file values), computed from the host, or unknowable. */
  default: OsloValue | { host: () => HostValue } | { unknown: string };
  min?: number;
  /** StrOpt choices (oslo compares them ignoring case when `ignoreCase`). */
  choices?: readonly string[];
  ignoreCase?: boolean;
  /** deprecated_name / deprecated_group / deprecated_opts: where else the service reads it (missing: same as the option's). */
  deprecated?: readonly { group?: string; name?: string }[];
}

/** Where an effective value came from. */
export type OsloSource =
  | { kind: 'file'; file: string; line: number; section: string; key: string; deprecated: boolean }
  | { kind: 'default' }
  | { kind: 'host'; detail: string };

export interface Resolved {
  value: OsloValue;
  source: OsloSource;
}

/** Longest value substitutions may build (paths and numbers are far shorter): ten names of ten references each hung. */
const MAX_EXPANDED = 16 * 1024;
const MAX_DEPTH = 10;
/** string.Template's pattern as oslo sets it: idpattern `[_a-z][\._a-z0-9]*` under re.IGNORECASE (which lets [a-z] match 4 non-ASCII letters). */
const LETTER = '_a-zA-Z\\u0130\\u0131\\u017f\\u212a';
const TEMPLATE = new RegExp(`\\$(?:(\\$)|([${LETTER}][.${LETTER}0-9]*)|\\{([${LETTER}][.${LETTER}0-9]*)\\}|)`, 'g');

/** The places an option is read from, current first: [group, name]. */
export function placesOf(def: OptDef): [string, string][] {
  return [[def.group, def.name], ...(def.deprecated ?? []).map((d): [string, string] => [d.group ?? def.group, d.name ?? def.name])];
}

/** `[image_cache] manager_interval` */
export const placeText = ([g, n]: [string, string]): string => `[${g}] ${n}`;

/**
 * A service's configuration as oslo.config reads it: several files, the newest first; in each file the option's
 * current place, then its deprecated places; the last assignment in a file winning; `$name`, `${name}`,
 * `${group.name}` substituted with the referenced option's effective value (its own group first, then DEFAULT),
 * `$$` and `\$` for a dollar sign; then the type conversion. Values are worked out once and remembered.
 */
export class OsloConf {
  private readonly defs = new Map<string, OptDef>();
  private readonly memo = new Map<string, Resolved>();
  private readonly resolving = new Set<string>();
  /** Options whose value was asked for (directly or through a substitution), in order. */
  readonly used: string[] = [];
  readonly hostWarnings: string[] = [];

  constructor(
    readonly files: readonly OsloFile[],
    defs: readonly OptDef[],
    private readonly flag: string,
    private readonly service: string,
  ) {
    for (const d of defs) this.defs.set(`${normalizeGroup(d.group)}.${d.name}`, d);
  }

  private declaredElsewhere(name: string): boolean {
    for (const d of this.defs.values()) if (placesOf(d).some(([, n]) => n === name)) return true;
    return false;
  }

  def(group: string, name: string): OptDef | undefined {
    return this.defs.get(`${normalizeGroup(group)}.${name}`);
  }

  /** The newest assignment among these places: files newest first, and in a file the places in order. */
  private lookup(places: [string, string][]): { a: Assignment; file: string; index: number } | undefined {
    for (let f = this.files.length - 1; f >= 0; f--) {
      const file = this.files[f]!;
      for (let i = 0; i < places.length; i++) {
        const [g, n] = places[i]!;
        const list = file.sections.get(normalizeGroup(g))?.get(n);
        if (list && list.length > 0) return { a: list[list.length - 1]!, file: file.file, index: i };
      }
    }
    return undefined;
  }

  private fail(at: Assignment | undefined, file: string | undefined, why: string): never {
    throw new UsageError(`${this.flag}: ${file ?? this.files.map((f) => f.file).join(', ')}${at ? ` line ${at.line}` : ''}: ${why}`);
  }

  /** The effective value of an option (declared, or else any value the files set for it, taken as a string). */
  get(group: string, name: string, depth = 0): Resolved {
    const key = `${normalizeGroup(group)}.${name}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.resolving.has(key) || depth > MAX_DEPTH) {
      this.fail(undefined, undefined, `${placeText([group, name])}: substitutions refer back to themselves or nest more than ${MAX_DEPTH} deep`);
    }
    this.resolving.add(key);
    try {
      const out = this.compute(group, name, depth);
      this.memo.set(key, out);
      if (!this.used.includes(key)) this.used.push(key);
      return out;
    } finally {
      this.resolving.delete(key);
    }
  }

  /**
   * oslo finds an option by a deprecated name too (`_find_deprecated_opts`): `$image_cache_manager_interval` in a
   * [DEFAULT] context is manager_interval, but looked up as if it lived in the group it was asked for: in [DEFAULT],
   * under its name and its deprecated names. (A quirk; this is what a substitution there gives in Nova.) Only
   * deprecated places with a name of their own count: oslo.config before 10.4 keyed the others by None, so
   * `$remove_unused_base_images` in [DEFAULT] is no option there (10.4's typing commit changed that, unannounced).
   */
  private alias(group: string, name: string): { def: OptDef; places: [string, string][] } | undefined {
    for (const d of this.defs.values()) {
      const hit = (d.deprecated ?? []).some((x) => x.name === name && normalizeGroup(x.group ?? 'DEFAULT') === normalizeGroup(group));
      if (!hit) continue;
      return { def: d, places: [[group, d.name], ...(d.deprecated ?? []).map((x): [string, string] => [x.group ?? group, x.name ?? d.name])] };
    }
    return undefined;
  }

  private compute(group: string, name: string, depth: number): Resolved {
    const alias = this.def(group, name) ? undefined : this.alias(group, name);
    const def = this.def(group, name) ?? alias?.def;
    // An option cachesweep does not declare stands for one of the service's many [DEFAULT] options when the files
    // set it; in another group it is not one (Nova would not find `$my_ip` in [image_cache] either).
    // Nor is a name the service declares elsewhere, or as a deprecated name: `$manager_interval` in a [DEFAULT]
    // value fails in Nova even when a (misplaced) [DEFAULT] manager_interval line exists.
    if (!def && (normalizeGroup(group) !== 'DEFAULT' || this.declaredElsewhere(name))) throw new NoSuchOpt(group, name);
    const found = this.lookup(alias?.places ?? (def ? placesOf(def) : [[group, name]]));
    if (!found) {
      if (!def) throw new NoSuchOpt(group, name);
      return this.fromDefault(def, depth);
    }
    const { a, file, index } = found;
    const text = this.substitute(a.value, group, depth, a, file);
    const source: OsloSource = { kind: 'file', file, line: a.line, section: a.section, key: a.key, deprecated: index > 0 };
    return { value: def ? this.convert(def, text, a, file) : text, source };
  }

  private fromDefault(def: OptDef, depth: number): Resolved {
    const d = def.default;
    if (d !== null && typeof d === 'object') {
      if ('unknown' in d) this.fail(undefined, undefined, d.unknown);
      const h = (d as { host: () => HostValue }).host();
      if (h.warning && !this.hostWarnings.includes(h.warning)) this.hostWarnings.push(h.warning);
      return { value: h.value, source: { kind: 'host', detail: h.detail } };
    }
    // oslo substitutes a default in the DEFAULT group's context and does not convert it.
    return { value: typeof d === 'string' ? this.substitute(d, 'DEFAULT', depth, undefined, undefined) : d, source: { kind: 'default' } };
  }

  /** string.Template.safe_substitute with oslo's lookups: an option that cannot be found is an error, as in oslo. */
  private substitute(raw: string, group: string, depth: number, at: Assignment | undefined, file: string | undefined): string {
    const text = raw.replaceAll('\\$', '$$$$');
    let size = 0;
    const out = text.replace(TEMPLATE, (whole, dollar?: string, named?: string, braced?: string) => {
      if (dollar) return '$';
      const ref = named ?? braced;
      if (ref === undefined) return whole; // `$` before anything else stays
      const value = pythonStr(this.reference(ref, group, depth, at, file, raw));
      size += value.length;
      if (size > MAX_EXPANDED) this.fail(at, file, `'${raw.slice(0, 40)}...': substitutions expand to more than ${MAX_EXPANDED} characters`);
      return value;
    });
    if (out.length > MAX_EXPANDED) this.fail(at, file, `'${raw.slice(0, 40)}...': substitutions expand to more than ${MAX_EXPANDED} characters`);
    return out;
  }

  /** StrSubWrapper: `group.name` is that group's option; a plain name is the current group's option, else DEFAULT's. */
  private reference(ref: string, group: string, depth: number, at: Assignment | undefined, file: string | undefined, raw: string): OsloValue {
    const dot = ref.indexOf('.');
    const tries: [string, string][] = dot >= 0 ? [[ref.slice(0, dot), ref.slice(dot + 1)]] : [[group, ref], ['DEFAULT', ref]];
    for (const [g, n] of tries) {
      try {
        return this.get(g, n, depth + 1).value;
      } catch (err) {
        if (!(err instanceof NoSuchOpt)) throw err;
      }
    }
    return this.fail(
      at,
      file,
      `'${raw}' refers to $${ref}, which is not a [${dot >= 0 ? ref.slice(0, dot) : 'DEFAULT'}] option that is set or whose ${this.service} default cachesweep knows`,
    );
  }

  private convert(def: OptDef, text: string, at: Assignment, file: string): OsloValue {
    const bad = (why: string): never => this.fail(at, file, `${def.name} = '${at.value}' ${why}`);
    if (def.type === 'bool') return pythonBool(text) ?? bad('is not true or false');
    if (def.type === 'int') {
      if (pyBlank(text)) return null;
      const n = pythonInt(text);
      if (n === null) return bad('is not a whole number');
      if (def.min !== undefined && n < BigInt(def.min)) bad(`is less than ${def.min}, which ${this.service} refuses`);
      return n;
    }
    if (def.choices && !def.choices.some((c) => (def.ignoreCase ? c.toLowerCase() === text.toLowerCase() : c === text))) {
      bad(`is not one of ${def.choices.join(', ')}`);
    }
    return text;
  }

  /**
   * Lines that set an option where the service does not read it: another group (`[DEFAULT]
   * remove_unused_resized_minimum_age_seconds`, which Nova reads only in [image_cache] and [libvirt]), another
   * case, or dashes for underscores. One warning per file, group and key.
   */
  misplaced(defs: readonly OptDef[]): string[] {
    const canon = (s: string): string => s.toLowerCase().replace(/-/g, '_');
    const read = new Set(defs.flatMap((d) => placesOf(d).map(([g, n]) => `${normalizeGroup(g)}\u0000${n}`)));
    const out: string[] = [];
    for (const file of this.files) {
      for (const [group, keys] of file.sections) {
        for (const [key, list] of keys) {
          if (read.has(`${group}\u0000${key}`)) continue;
          for (const def of defs) {
            const places = placesOf(def);
            if (!places.some(([, n]) => canon(n) === canon(key))) continue;
            const a = list[0]!;
            out.push(
              `${file.file} line ${a.line}: [${a.section}] ${key} is not read by ${this.service} (it reads ${places.map(placeText).join(' or ')}); cachesweep does not use it either`,
            );
            break;
          }
        }
      }
    }
    return out;
  }
}

/** An option neither declared nor set: oslo's NoSuchOptError. */
class NoSuchOpt extends Error {
  constructor(group: string, name: string) {
    super(`no option ${placeText([group, name])}`);
  }
}

/** The value as a plain number for a caller that wants one (ints clamp to the safe range). */
export function asNumber(v: OsloValue): number | null {
  if (typeof v !== 'bigint') return null;
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > max ? max : v < -max ? -max : v);
}

/** `nova.conf line 12 ([libvirt] remove_unused_resized_minimum_age_seconds, a deprecated place)`, `default`, `this host: ...` */
export function describeOslo(s: OsloSource): string {
  if (s.kind === 'default') return 'default';
  if (s.kind === 'host') return `this host: ${s.detail}`;
  return `${s.file} line ${s.line} ([${s.section}] ${s.key}${s.deprecated ? ', a deprecated place' : ''})`;
}
