/**
 * Names are bytes. A file name may hold any byte but `/` and NUL; Node decodes names as UTF-8 and turns every byte
 * that is not part of valid UTF-8 into U+FFFD, so `\xff\xfe` and `\xfe\xff` both come back as `\uFFFD\uFFFD`:
 * lstat on that string finds nothing (the name was missing from plans), and two different names would share one
 * pin. Inside cachesweep a name is a string in which each such byte is one lone surrogate, U+DC80-U+DCFF for
 * 0x80-0xFF (Python's `surrogateescape`, PEP 383). Valid UTF-8 never decodes to a lone surrogate, so the mapping is
 * one-to-one both ways: every name the kernel allows has exactly one string, and each string gives its bytes back.
 *
 * Such a string must reach the kernel as bytes (fsPath, nameBytes): Node would write U+FFFD for its surrogates.
 * What a person or a program reads is the escape form (escape.ts), never the raw string.
 */

const REPLACEMENT = '\uFFFD';
const LOW = 0xdc80;
const HIGH = 0xdcff;

/** A name (or path) read as bytes from the kernel, as cachesweep's string for it. */
export function decodeName(bytes: Buffer): string {
  const s = bytes.toString('utf8');
  // Node's decoder gives U+FFFD for every invalid sequence and never a lone surrogate: no U+FFFD, valid UTF-8.
  if (!s.includes(REPLACEMENT) || Buffer.from(s, 'utf8').equals(bytes)) return s;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = validSequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(LOW - 0x80 + bytes[i]!);
      i += 1;
    } else {
      out += bytes.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

/**
 * The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or 0 when the byte there starts none.
 */
function validSequenceLength(b: Buffer, i: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A surrogate that is not half of a pair (String.prototype.isWellFormed is ES2024, past this project's target). */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Does this string carry bytes that are not valid UTF-8 (escaped as lone surrogates)? */
export const hasRawBytes = (name: string): boolean => LONE.test(name);

/** The exact bytes of a name (or path) made by decodeName. */
export function nameBytes(name: string): Buffer {
  if (!LONE.test(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= LOW && c <= HIGH && !isPairedLow(name, i)) {
      if (i > start) parts.push(Buffer.from(name.slice(start, i), 'utf8'));
      parts.push(Buffer.of(c - LOW + 0x80));
      start = i + 1;
    }
  }
  if (start < name.length) parts.push(Buffer.from(name.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

const isPairedLow = (s: string, i: number): boolean => {
  const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
  return prev >= 0xd800 && prev <= 0xdbff;
};

/** The path as fs calls must get it: the string when it is plain Unicode, its exact bytes otherwise. */
export const fsPath = (p: string): string | Buffer => (LONE.test(p) ? nameBytes(p) : p);

/** Is this UTF-16 unit one of decodeName's raw bytes? Then its byte value, else -1. */
export function rawByteAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  // A low surrogate after a high one is half of a real character (U+10000 and above), not a raw byte.
  if (c < LOW || c > HIGH || isPairedLow(s, i)) return -1;
  return c - LOW + 0x80;
}

/**
 * An entry's name (relative to the root, '/'-separated) and the directories above it, nearest first: `a/b/c` gives
 * `a/b/c`, `a/b`, `a`. A pin or a --protect glob on a directory covers every entry below it, at any depth
 * (`--entries files` made `wheels/ab/…/x.whl` an entry, and a pin on `wheels` must still keep it). Pure.
 */
export function selfAndAbove(name: string): string[] {
  const out = [name];
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) out.push(name.slice(0, i));
  return out;
}
