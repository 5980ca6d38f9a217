import { createRequire } from 'node:module';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { editDistance } from '../shared/edit-distance.js';
import { UsageError } from '../shared/errors.js';
import { readBounded } from '../sys/read-bounded.js';
import { configSchema } from './config-schema.js';
import type { FlagSpecs } from './flag-spec.js';

/** The settings of one level of a config file (its top level, or one profile), with where each was written. */
export interface ConfigLayer {
  values: Record<string, unknown>;
  /** 1-based line of each key. */
  lines: Record<string, number>;
  root?: { value: string; line: number };
}

export interface ConfigFile {
  path: string;
  defaults: ConfigLayer;
  profiles: Record<string, ConfigLayer & { line: number }>;
}

type YamlLib = typeof import('yaml');
let yamlLib: YamlLib | undefined;
/**
 * The YAML library, loaded when a config file is first parsed: its 84 modules took 50 to 70 ms of every run's start,
 * runs without a config file (cron lines with flags) included. Its `node` export is CommonJS, as `import` loads it.
 */
function yaml(): YamlLib {
  return (yamlLib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}

/** Where the system-wide config file is looked for (CACHESWEEP_SYSTEM_CONFIG overrides it, for tests and packagers). */
export const SYSTEM_CONFIG = '/etc/cachesweep/config.yaml';

/**
 * Read and validate a config file (YAML, or JSON for a `.json` name). Every problem is a UsageError naming
 * the file, the line and the key.
 */
export function loadConfigFile(file: string, specs: FlagSpecs): ConfigFile {
  const text = readBounded(file, { label: '--config' }).toString('utf8');
  return parseConfigText(text, file, specs);
}

/** Parse and validate config text; `file` names it in errors (and decides JSON vs YAML by its extension). */
export function parseConfigText(text: string, file: string, specs: FlagSpecs): ConfigFile {
  const { LineCounter, parseDocument } = yaml();
  const lc = new LineCounter();
  if (path.extname(file).toLowerCase() === '.json') checkJson(text, file);
  // logLevel 'error': the library's own warnings went to stderr around cachesweep's one-line messages (a list as a
  // key: "Keys with collection values will be stringified..."); what matters of them is refused below, in our words.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const bad = doc.errors[0];
  if (bad) {
    const line = bad.linePos?.[0]?.line ?? lineAt(lc, bad.pos[0]);
    throw new UsageError(`${file}:${line}: not valid ${path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${firstLine(bad.message)}`);
  }
  const collectionKey = collectionKeyAt(doc);
  if (collectionKey !== undefined) throw new UsageError(`${file}:${lineAt(lc, collectionKey)}: a key must be a name, not a list or a map`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An alias to no anchor (`<<: *a`), or too many aliases (an alias bomb): the yaml library throws a
    // ReferenceError here, after parsing, which was reported as an internal error.
    throw new UsageError(`${file}:${aliasLine(doc, lc)}: not valid YAML: ${firstLine((err as Error).message)}`);
  }
  // A profile named __proto__ would vanish in validation (assigning it sets a prototype): refuse it by name.
  const rawProfiles = (data as { profiles?: unknown } | null)?.profiles;
  if (rawProfiles !== null && typeof rawProfiles === 'object' && Object.hasOwn(rawProfiles, '__proto__')) {
    throw new UsageError(`${file}:${keyLine(doc, lc, ['profiles', '__proto__'])}: profiles.__proto__: '__proto__' cannot be a profile name`);
  }
  const parsed = configSchema(specs).safeParse(data);
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error.issues, file, doc, lc, specs));
  const value = parsed.data as Record<string, unknown> & { profiles?: Record<string, Record<string, unknown>> };
  const { profiles = {}, ...top } = value;
  const profileLayers: ConfigFile['profiles'] = Object.create(null) as ConfigFile['profiles'];
  for (const [name, p] of Object.entries(profiles)) {
    profileLayers[name] = { ...layerOf(p, ['profiles', name], doc, lc), line: keyLine(doc, lc, ['profiles', name]) };
  }
  return { path: file, defaults: layerOf(top, [], doc, lc), profiles: profileLayers };
}

function layerOf(values: Record<string, unknown>, at: (string | number)[], doc: Document, lc: LineCounter): ConfigLayer {
  const layer: ConfigLayer = { values: {}, lines: {} };
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const line = keyLine(doc, lc, [...at, key]);
    if (key === 'root') layer.root = { value: v as string, line };
    else {
      layer.values[key] = v;
      layer.lines[key] = line;
    }
  }
  return layer;
}

/** JSON files must be JSON (YAML would accept more); the error names the line. */
function checkJson(text: string, file: string): void {
  try {
    JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let line = 1;
    if (pos) {
      const upTo = text.slice(0, Number(pos[1]));
      line = upTo.split('\n').length;
    }
    throw new UsageError(`${file}:${line}: not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}

function describeIssues(issues: z.ZodIssue[], file: string, doc: Document, lc: LineCounter, specs: FlagSpecs): string {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (first.code === 'unrecognized_keys') {
    const key = first.keys[0]!;
    const where = [...first.path, key];
    const known = knownKeysAt(first.path);
    const hint = suggest(key, known);
    const also = first.keys.length > 1 ? ` (also unknown: ${first.keys.slice(1).join(', ')})` : '';
    return `${file}:${keyLine(doc, lc, where)}: unknown key '${dotted(where)}'${hint ? ` (did you mean '${hint}'?)` : ''}${also}${more}`;
  }
  return `${file}:${keyLine(doc, lc, first.path)}: ${dotted(first.path) || 'the file'}: ${first.message}${more}`;

  function knownKeysAt(at: (string | number)[]): string[] {
    const flags = Object.keys(specs);
    return at.length === 0 ? [...flags, 'root', 'profiles'] : [...flags, 'root'];
  }
}

function dotted(p: (string | number)[]): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

/** The line of the key at `p` (or of the list item), else of the nearest enclosing key that exists. */
export function keyLine(doc: Document, lc: LineCounter, p: readonly (string | number)[]): number {
  const { isMap, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  for (const seg of p) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      const keyRange = (pair.key as { range?: [number, number, number] }).range;
      if (keyRange) offset = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      if (item.range) offset = item.range[0];
      node = item;
    } else break;
  }
  return lineAt(lc, offset);
}

/** Where the first key that is a list or a map (`? [a, b]: 1`, `{a: 1}: x`) starts: no option is named so. */
function collectionKeyAt(doc: Document): number | undefined {
  const { isMap, isSeq, visit } = yaml();
  let offset: number | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (!isMap(pair.key) && !isSeq(pair.key)) return undefined;
      offset = pair.key.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The line of the first alias (`*name`) in the document, else 1. */
function aliasLine(doc: Document, lc: LineCounter): number {
  const { visit } = yaml();
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? 1 : lineAt(lc, offset);
}

function lineAt(lc: LineCounter, offset: number): number {
  return lc.linePos(offset).line;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** A known key the user probably meant: same letters ignoring case, `_` and camelCase, or one or two edits away. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/_/g, '-');
  const exact = known.find((k) => norm(k) === norm(key));
  if (exact) return exact;
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(norm(key), k);
    if (d <= 2 && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}
