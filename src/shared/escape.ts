import { decodeName, rawByteAt } from './names.js';

/**
 * What a name must not carry raw into any output: the backslash (it starts an escape, so it is doubled), controls
 * (C0, DEL, C1: they move the cursor, retitle or clear a terminal, ring it, break a line or a CSV row),
 * bidirectional marks, embeddings, overrides and isolates (`evil\u202Egpj.exe` reads as `evilexe.jpg`),
 * U+2028/U+2029 (line breaks in some viewers), and lone surrogates: a byte of the name that is not valid UTF-8
 * (names.ts), or one that no name can give.
 */
const HIDDEN =
  /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * The one escape form of every output, for people and programs alike (the table, plain text, warnings and errors,
 * JSON, CSV, Markdown, HTML, logs), and what every command taking a name accepts back (unescapeName):
 * - `\xHH` (two lower-case hex digits) is one byte: a C0 control or DEL (`\x1b` ESC, `\x0a` a line feed), or a
 *   byte that is not part of valid UTF-8 (`\xff`);
 * - `\u{H…}` (upper-case hex) is one character: a C1 control (`\u{9B}`), a bidirectional or line-separator
 *   character (`\u{202E}`);
 * - `\\` is a backslash.
 * Everything else, letters of any script included, is itself. The form is unambiguous: two different names never
 * look the same (a name holding the four characters `\xff` shows as `\\xff`, the byte 0xFF as `\xff`), which is
 * why it is not idempotent: escape once, at the edge where text leaves the program.
 */
export function escapeName(text: string): string {
  return text.replace(HIDDEN, (c, at: number) => (c === '\\' ? '\\\\' : escapeOne(c, text, at)));
}

/**
 * escapeName without doubling backslashes, for the warning and error lines on stderr: they quote what the operator
 * typed (`--protect 'golden-\'`) and give advice (`write \\ for a literal backslash`), which doubled backslashes
 * would misquote, and a line may pass here twice on its way out (this form is idempotent). Whatever could act on the
 * terminal is still escaped, and a byte that is not UTF-8 still shows as `\xHH`; only a name holding a literal
 * `\xHH` could look like another there. The table, JSON and CSV are the unambiguous record.
 */
export function escapeText(text: string): string {
  return text.replace(HIDDEN, (c, at: number) => (c === '\\' ? c : escapeOne(c, text, at)));
}

function escapeOne(c: string, text: string, at: number): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return `\\x${hex2(code)}`;
  const raw = rawByteAt(text, at);
  if (raw >= 0) return `\\x${hex2(raw)}`;
  return `\\u{${code.toString(16).toUpperCase()}}`;
}

const ESCAPE = /\\(?:\\|x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\})/g;

/**
 * A name given in the escape form (on the command line, in a JSON report) as cachesweep's string for it: escapes
 * become bytes, and the whole is decoded as one name (names.ts), so `\xc3\xa9` is `é` and `\xff` the byte 0xFF.
 * A backslash that starts no escape is itself (`a\b` is those three characters), so a name typed as it is still
 * works unless it holds `\\`, `\xHH` or `\u{…}`.
 */
export function unescapeName(text: string): string {
  if (!text.includes('\\')) return text;
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(ESCAPE)) {
    parts.push(Buffer.from(text.slice(last, m.index), 'utf8'));
    parts.push(escapeBytes(m[0], m[1], m[2]));
    last = m.index! + m[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return decodeName(Buffer.concat(parts));
}

function escapeBytes(all: string, byte: string | undefined, code: string | undefined): Buffer {
  if (byte !== undefined) return Buffer.of(Number.parseInt(byte, 16));
  if (code !== undefined) {
    const cp = Number.parseInt(code, 16);
    if (cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return Buffer.from(String.fromCodePoint(cp), 'utf8');
    return Buffer.from(all, 'utf8'); // not a character: taken literally
  }
  return Buffer.from('\\', 'utf8');
}

const GLOB_SPECIAL = /[\\*?[\]{}()!+@|,]/;

/**
 * A `--protect` glob written in the escape form, as a glob over cachesweep's name strings: `\xHH` and `\u{…}`
 * stand for the byte or character they name (a glob character so named is matched literally), `\\` is a literal
 * backslash, and every other backslash keeps its glob meaning (`\*` is a literal star).
 */
export function globFromEscaped(glob: string): string {
  let out = '';
  let last = 0;
  let run: Buffer[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    for (const ch of decodeName(Buffer.concat(run))) out += GLOB_SPECIAL.test(ch) ? `\\${ch}` : ch;
    run = [];
  };
  for (const m of glob.matchAll(ESCAPE)) {
    if (m.index! > last) {
      flush();
      out += glob.slice(last, m.index);
    }
    if (m[0] === '\\\\') {
      flush();
      out += '\\\\';
    } else run.push(escapeBytes(m[0], m[1], m[2]));
    last = m.index! + m[0].length;
  }
  flush();
  return out + glob.slice(last);
}

/** A value about to become JSON text with every string in it (names, details, messages) in the escape form. */
export const jsonEscaping = (_key: string, value: unknown): unknown => (typeof value === 'string' ? escapeName(value) : value);

/** JSON text whose strings are in the escape form: what every JSON output of cachesweep writes. */
export const toJsonText = (value: unknown, indent = 2): string => JSON.stringify(value, jsonEscaping, indent);

/** A parsed JSON document written by toJsonText, with its strings back as cachesweep's strings. */
export function unescapeStrings<T>(value: T): T {
  if (typeof value === 'string') return unescapeName(value) as T;
  if (Array.isArray(value)) return value.map((v) => unescapeStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeStrings(v)])) as T;
  }
  return value;
}
