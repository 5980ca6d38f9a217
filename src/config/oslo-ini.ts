import { UsageError } from '../shared/errors.js';

/** One `key = value` of a file: the value as oslo.config hands it on (continuations joined with \n), and where. */
export interface Assignment {
  value: string;
  line: number;
  /** The section header as written (`Image_Cache`); lookups use the normalized name. */
  section: string;
  key: string;
}

/** One parsed file: normalized section -> key (exactly as written) -> every assignment, in file order. */
export interface OsloFile {
  file: string;
  sections: Map<string, Map<string, Assignment[]>>;
}

/**
 * Python's str.isspace(), which str.strip() and int() use: JavaScript's trim() differs (it strips U+FEFF and
 * keeps U+001C-U+001F and U+0085), so `value\u001f` would be one value here and another in Nova.
 */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEAD = new RegExp(`^[${PY_SPACE}]+`);
const TRAIL = new RegExp(`[${PY_SPACE}]+$`);
export const pyStrip = (s: string): string => s.replace(LEAD, '').replace(TRAIL, '');
const pyRstrip = (s: string): string => s.replace(TRAIL, '');

/** oslo.config's group names: `DEFAULT` as written, any other lower-cased (`[default]` is a group of its own). */
export function normalizeGroup(name: string): string {
  return name === 'DEFAULT' ? name : name.toLowerCase();
}

/**
 * Decode a file as Python's open() does: UTF-8, a byte-order mark kept as a character (oslo then refuses the
 * first line), universal newlines (\r\n, \r and \n all end a line). Invalid UTF-8 is refused, as Python refuses it.
 */
export function decodeConfigText(bytes: Uint8Array, file: string, flag: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UsageError(`${flag}: ${file} is not valid UTF-8 text`);
  }
}

/**
 * Parse one file exactly as oslo.config's iniparser does (oslo_config/iniparser.py): a line is right-stripped;
 * blank lines end a multi-line value; a line starting with a space or tab continues the previous value (with none,
 * it is an error); `[name]` starts a section, its name NOT stripped (`[ image_cache ]` is another group); lines
 * starting with `#` or `;` are comments (only in the first column: an indented `#` continues a value); otherwise
 * the key is before the first `=` or `:` (whichever comes first), both sides stripped, and one pair of matching
 * quotes around the value removed. Keys are kept as written: Nova looks up `remove_unused_base_images`, and a file
 * saying `remove-unused-base-images` sets nothing. No inline comments. Errors name the file and line.
 */
export function parseOsloIni(text: string, file: string, flag: string): OsloFile {
  const sections = new Map<string, Map<string, Assignment[]>>();
  const fail = (line: number, why: string): never => {
    throw new UsageError(`${flag}: ${file} line ${line}: ${why}`);
  };
  let section: string | null = null;
  let pending: { key: string; parts: string[]; line: number } | null = null;
  const flush = (): void => {
    if (pending === null) return;
    const p = pending;
    pending = null;
    if (section === null) fail(p.line, `'${p.key}' comes before any [section]`);
    const norm = normalizeGroup(section!);
    const keys = sections.get(norm) ?? new Map<string, Assignment[]>();
    sections.set(norm, keys);
    const list = keys.get(p.key) ?? [];
    keys.set(p.key, list);
    list.push({ value: p.parts.join('\n'), line: p.line, section: section!, key: p.key });
  };
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = pyRstrip(raw);
    if (line === '') return flush();
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (pending === null) fail(n, 'a continuation line (it starts with a space or a tab) with no value before it');
      pending!.parts.push(line.replace(LEAD, ''));
      return;
    }
    flush();
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) fail(n, `section header '${line}' does not end with ]`);
      if (line.length <= 2) fail(n, 'empty section name');
      section = line.slice(1, -1);
      const norm = normalizeGroup(section);
      if (!sections.has(norm)) sections.set(norm, new Map());
      return;
    }
    if (line.startsWith('#') || line.startsWith(';')) return;
    const colon = line.indexOf(':');
    const equal = line.indexOf('=');
    if (colon < 0 && equal < 0) fail(n, `'${line}' is neither a [section] nor a key = value line`);
    const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
    const key = pyStrip(line.slice(0, at));
    let value = pyStrip(line.slice(at + 1));
    if (value !== '' && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")) value = value.slice(1, -1);
    if (key === '') fail(n, `'${line}' has no key before '${line[at]}'`);
    pending = { key, parts: [value], line: n };
  });
  flush();
  return { file, sections };
}
