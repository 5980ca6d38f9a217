import { PY_SPACE } from './oslo-ini.js';

/** A value as oslo.config converts it: StrOpt -> string, IntOpt -> int (arbitrary size) or None, BoolOpt -> bool. */
export type OsloValue = string | bigint | boolean | null;

const STRIP = new RegExp(`^[${PY_SPACE}]*([\\s\\S]*?)[${PY_SPACE}]*$`);

/** The value of the decimal digit `ch` (any Unicode Nd digit, as Python's int() takes them), or -1. */
function digitValue(ch: string): number {
  if (!/^\p{Nd}$/u.test(ch)) return -1;
  // Unicode lays every decimal digit out in runs of ten from zero; find the run's start.
  let cp = ch.codePointAt(0)!;
  let zero = cp;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero--;
  return (cp - zero) % 10;
}

/**
 * Python's int(text) in base 10, which oslo's Integer type calls: surrounding whitespace (Python's idea of it),
 * an optional sign, digits (any script's) with single underscores between them. null when Python raises.
 */
export function pythonInt(text: string): bigint | null {
  const body = STRIP.exec(text)![1]!;
  const m = /^([+-]?)(.+)$/su.exec(body);
  if (!m) return null;
  const chars = [...m[2]!];
  let digits = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '_') {
      if (i === 0 || i === chars.length - 1 || chars[i - 1] === '_') return null;
      continue;
    }
    const v = digitValue(c);
    if (v < 0) return null;
    digits += String(v);
  }
  if (digits === '') return null;
  const n = BigInt(digits);
  return m[1] === '-' ? -n : n;
}

/** Is this text blank as oslo's Integer sees it (`str(value).strip() == ''`, which it reads as None)? */
export function pyBlank(text: string): boolean {
  return STRIP.exec(text)![1] === '';
}

/** oslo's Boolean type: exactly these words, any case, nothing stripped. */
export function pythonBool(text: string): boolean | null {
  const s = text.toLowerCase();
  if (['true', '1', 'on', 'yes'].includes(s)) return true;
  if (['false', '0', 'off', 'no'].includes(s)) return false;
  return null;
}

/** str(value) as Python prints it into a substitution: True/False, digits, '' for None. */
export function pythonStr(v: OsloValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}
