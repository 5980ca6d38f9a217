import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';

/** One value of an ini file, with the line it came from (for error messages). */
export interface IniValue {
  value: string;
  line: number;
}

/** section -> key -> value; keys with `-` are stored with `_` (oslo.config treats them alike). The last value wins. */
export type Ini = Map<string, Map<string, IniValue>>;

/**
 * Parse an oslo.config style ini file (nova.conf): `[section]` headers, `key = value` or `key: value`,
 * comment lines starting with `#` or `;`, indented lines continuing the previous value, quotes around a whole
 * value removed. No inline comments (oslo.config has none either). Pure; errors name the file and the line.
 */
export function parseIni(text: string, file: string): Ini {
  const ini: Ini = new Map();
  let section: Map<string, IniValue> | null = null;
  let last: IniValue | null = null;
  const fail = (line: number, why: string): never => {
    throw new UsageError(`--nova-conf: ${file} line ${line}: ${why}`);
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trimEnd();
    if (line === '') {
      last = null;
      return;
    }
    if (/^\s/.test(line) && last !== null) {
      last.value += `\n${line.trim()}`;
      return;
    }
    const t = line.trim();
    if (t.startsWith('#') || t.startsWith(';')) return;
    if (t.startsWith('[')) {
      if (!t.endsWith(']')) fail(n, `section header '${t}' does not end with ]`);
      const name = t.slice(1, -1).trim();
      if (name === '') fail(n, 'empty section name');
      const key = name === 'DEFAULT' ? 'DEFAULT' : name.toLowerCase();
      section = ini.get(key) ?? new Map();
      ini.set(key, section);
      last = null;
      return;
    }
    const eq = t.indexOf('=');
    const colon = t.indexOf(':');
    if (eq < 0 && colon < 0) fail(n, `'${t}' is neither a [section] nor a key = value line`);
    const at = colon < 0 || (eq >= 0 && eq < colon) ? eq : colon;
    const key = t.slice(0, at).trim().replace(/-/g, '_');
    let value = t.slice(at + 1).trim();
    if (key === '') fail(n, `'${t}' has no key before '${t[at]}'`);
    if (section === null) fail(n, `'${key}' comes before any [section]`);
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]!)) value = value.slice(1, -1);
    last = { value, line: n };
    section!.set(key, last);
  });
  return ini;
}

/** What cachesweep takes from nova.conf. */
export interface NovaConf {
  file: string;
  /** `[DEFAULT] instances_path` (default `$state_path/instances`, state_path default /var/lib/nova). */
  instancesPath: string;
  /** instances_path joined with `[image_cache] subdirectory_name` (or `[DEFAULT] image_cache_subdirectory_name`, default `_base`). */
  cacheDir: string;
  /** remove_unused_original_minimum_age_seconds, when the file sets it (ms). */
  originalMaxAgeMs?: number;
  /** remove_unused_resized_minimum_age_seconds, when the file sets it (ms). */
  resizedMaxAgeMs?: number;
  /** remove_unused_base_images (Nova's own cleaner; default true). */
  removeUnusedBaseImages: boolean;
}

const DEFAULTS: Record<string, string> = { state_path: '/var/lib/nova', instances_path: '$state_path/instances' };
/** Longest value substitutions may build (paths and numbers are far shorter). */
const MAX_EXPANDED = 16 * 1024;

/** Interpret a parsed nova.conf. Pure. */
export function novaConfFromIni(ini: Ini, file: string): NovaConf {
  const def = ini.get('DEFAULT') ?? new Map<string, IniValue>();
  const cache = ini.get('image_cache') ?? new Map<string, IniValue>();
  const fail = (v: IniValue | undefined, why: string): never => {
    throw new UsageError(`--nova-conf: ${file}${v ? ` line ${v.line}` : ''}: ${why}`);
  };
  /**
   * `$name` / `${name}` from [DEFAULT] (or Nova's defaults); `$$` is a dollar sign. Each name is expanded once and
   * remembered, and no expansion may grow past MAX_EXPANDED: ten names of ten references each to the next took
   * 10^10 steps (a hang, then out of memory) before.
   */
  const expanded = new Map<string, string>();
  const expand = (raw: string, at: IniValue | undefined, depth = 0): string => {
    if (depth > 10) fail(at, `'${raw}': substitutions nest too deep`);
    const out = raw.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_.]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, all: string, braced?: string, bare?: string) => {
      if (all === '$') return '$';
      const name = (braced ?? bare)!;
      const known = expanded.get(name);
      if (known !== undefined) return known;
      const v = def.get(name);
      const text = v?.value ?? DEFAULTS[name];
      if (text === undefined) fail(at, `'${raw}' refers to $${name}, which is not set in [DEFAULT]`);
      const value = expand(text!, v ?? at, depth + 1);
      expanded.set(name, value);
      return value;
    });
    if (out.length > MAX_EXPANDED) fail(at, `'${raw.slice(0, 40)}...': substitutions expand to more than ${MAX_EXPANDED} characters`);
    return out;
  };
  const get = (...where: [Map<string, IniValue>, string][]): IniValue | undefined => {
    for (const [sec, key] of where) {
      const v = sec.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const seconds = (v: IniValue | undefined, key: string): number | undefined => {
    if (v === undefined) return undefined;
    const t = expand(v.value, v).trim();
    if (!/^\d+$/.test(t)) fail(v, `${key} = '${v.value}' is not a whole number of seconds`);
    return Number(t) * 1000;
  };
  const bool = (v: IniValue | undefined, key: string, dflt: boolean): boolean => {
    if (v === undefined) return dflt;
    const t = expand(v.value, v).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off'].includes(t)) return false;
    return fail(v, `${key} = '${v.value}' is not true or false`);
  };

  const ip = def.get('instances_path');
  const instancesPath = expand(ip?.value ?? DEFAULTS.instances_path!, ip).trim();
  if (!path.isAbsolute(instancesPath)) fail(ip, `instances_path '${instancesPath}' is not an absolute path`);
  const sub = get([cache, 'subdirectory_name'], [def, 'image_cache_subdirectory_name']);
  const subdir = sub ? expand(sub.value, sub).trim() : '_base';
  if (subdir === '') fail(sub, 'subdirectory_name is empty');

  const conf: NovaConf = {
    file,
    instancesPath: path.normalize(instancesPath),
    cacheDir: path.resolve(instancesPath, subdir),
    removeUnusedBaseImages: bool(
      get([cache, 'remove_unused_base_images'], [def, 'remove_unused_base_images']),
      'remove_unused_base_images',
      true,
    ),
  };
  const orig = seconds(
    get([cache, 'remove_unused_original_minimum_age_seconds'], [def, 'remove_unused_original_minimum_age_seconds']),
    'remove_unused_original_minimum_age_seconds',
  );
  const resized = seconds(
    get([cache, 'remove_unused_resized_minimum_age_seconds'], [def, 'remove_unused_resized_minimum_age_seconds']),
    'remove_unused_resized_minimum_age_seconds',
  );
  if (orig !== undefined) conf.originalMaxAgeMs = orig;
  if (resized !== undefined) conf.resizedMaxAgeMs = resized;
  return conf;
}

/** Read and interpret nova.conf; a missing or unreadable file is a usage error. */
export function readNovaConf(file: string): NovaConf {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--nova-conf: ${file} cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`);
  }
  return novaConfFromIni(parseIni(text, file), file);
}
