/**
 * Fuzzing the unit parsers (sizes, percentages, amounts, durations): every input either parses to exactly what an
 * independent oracle computes from its parts, or is a one-line UsageError naming the flag; never another exception,
 * never a negative, fractional or non-finite number returned as success.
 */
import fc from 'fast-check';
import { UsageError } from '../../src/shared/errors.js';
import { formatBytes, formatDuration, parseAmount, parseDuration, parsePercent, parseSize } from '../../src/shared/units.js';
import { oneLine } from '../../src/cli/term/error-line.js';

const RUNS = 3000;
const FLAG = '--fuzz-flag';

/**
 * Run `f`; it must return a value or throw a UsageError that names the flag and prints as one line. The message
 * quotes the value as given, so a value with a newline or a carriage return spans lines until the CLI's oneLine
 * (which main.ts applies to every error) joins them and escapes control characters: checked here on the result.
 */
function clear<T>(f: () => T): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg.startsWith(`${FLAG}: `)).toBe(true);
    expect(oneLine(msg)).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
    return { ok: false, message: msg };
  }
}

// Characters a user (or a broken script) might type: digits, units, signs, blanks, odd unicode.
const noisy = fc.stringOf(
  fc.oneof(
    fc.constantFrom(...'0123456789.%+-eE ,_KMGTPEkmgtpeBbiIsmhdw\t\n\r'.split('')),
    fc.constantFrom('\u00a0', '\u2009', '\u0663', '\uff11', 'Infinity', 'NaN', '0x', '1e999', '\u0000'),
    fc.char(),
  ),
  { maxLength: 24 },
);
const anyText = fc.oneof(noisy, fc.string({ maxLength: 20 }), fc.fullUnicodeString({ maxLength: 12 }));

const POW: Record<string, number> = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };
const arbUnit = fc.record({
  letter: fc.constantFrom('', 'K', 'M', 'G', 'T', 'P', 'E'),
  suffix: fc.constantFrom('', 'B', 'iB'),
  lower: fc.boolean(),
  blank: fc.constantFrom('', ' ', '  ', '\t'),
});
/** A decimal with up to 4 fraction digits, as text and as an exact rational (digits / 10^scale). */
const arbDecimal = fc
  .record({ int: fc.oneof(fc.nat({ max: 2000 }), fc.nat()), frac: fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }), zeros: fc.nat({ max: 2 }) })
  .map(({ int, frac, zeros }) => ({ text: `${'0'.repeat(zeros)}${int}${frac !== undefined ? `.${frac}` : ''}`, int, frac: frac ?? '' }));

describe('parseSize (fuzz)', () => {
  test('any text: a whole, non-negative, safe number of bytes, or a UsageError naming the flag', () => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (t, requireUnit) => {
        const r = clear(() => parseSize(t, FLAG, { requireUnit }));
        if (r.ok) {
          expect(Number.isSafeInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('number + unit parses to floor(number * 1024^power), computed exactly with bigints', () => {
    // Found by this test: floating point made 1073741824.17M one byte more than the exact figure.
    expect(parseSize('1073741824.17M', FLAG)).toBe(1125899907020881); // 1073741824 * 2^20 + floor(0.17 * 2^20)
    fc.assert(
      fc.property(arbDecimal, arbUnit, fc.constantFrom('', ' ', '\t'), ({ text, int, frac }, u, pad) => {
        const unitText = u.letter === '' ? (u.suffix === '' ? '' : 'B') : u.letter + u.suffix;
        const unit = u.lower ? unitText.toLowerCase() : unitText;
        const input = `${pad}${text}${unit === '' ? '' : u.blank}${unit}${pad}`;
        // Exact: (int * 10^s + frac) * 1024^p / 10^s, rounded down.
        const scale = 10n ** BigInt(frac.length);
        const exact = ((BigInt(int) * scale + BigInt(frac === '' ? 0 : Number(frac))) * 1024n ** BigInt(POW[u.letter]!)) / scale;
        const r = clear(() => parseSize(input, FLAG));
        if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
          expect(r.ok).toBe(false);
          return;
        }
        expect(r).toMatchObject({ ok: true });
        const got = (r as { value: number }).value;
        expect(BigInt(got)).toBe(exact);
      }),
      { numRuns: RUNS },
    );
  });

  test('a whole number of bytes formatted with formatBytes parses back within the rounding of one decimal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (n) => {
        const text = formatBytes(n).replace(' ', '');
        const r = clear(() => parseSize(text, FLAG));
        if (!r.ok) {
          // Rounded up to one decimal, a figure near the top of the safe range may no longer be a safe number.
          expect(r.message).toMatch(/too large/);
          expect(n).toBeGreaterThan(Number.MAX_SAFE_INTEGER * 0.95);
          return;
        }
        const back = r.value;
        // formatBytes keeps one decimal: at most 0.05 of the unit off.
        const unit = 1024 ** Math.max(0, ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'].indexOf(text.replace(/^[\d.]+/, '')));
        expect(Math.abs(back - n)).toBeLessThanOrEqual(0.05 * unit + 1);
      }),
      { numRuns: RUNS },
    );
  });

  test('negative, exponent and hexadecimal forms are refused, never read as something else', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e6 }), fc.constantFrom('-', '+', '0x', ''), fc.constantFrom('', 'e3', 'E3', 'x'), (n, pre, post) => {
        fc.pre(pre !== '' || post !== '');
        expect(clear(() => parseSize(`${pre}${n}${post}G`, FLAG)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parsePercent (fuzz)', () => {
  test('any text: a finite number in (0, 100], or a UsageError naming the flag', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const r = clear(() => parsePercent(t, FLAG));
        if (r.ok) expect(r.value > 0 && r.value <= 100 && Number.isFinite(r.value)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('a decimal followed by % parses to that decimal when in range, and is refused otherwise', () => {
    fc.assert(
      fc.property(arbDecimal, fc.constantFrom('', ' '), ({ text }, blank) => {
        const want = Number(text);
        const r = clear(() => parsePercent(`${text}${blank}%`, FLAG));
        if (want > 0 && want <= 100) expect(r).toEqual({ ok: true, value: want });
        else expect(r.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseAmount (fuzz)', () => {
  test('any text: a percentage in (0, 100] or a whole number of bytes given with a unit, else a UsageError', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const r = clear(() => parseAmount(t, FLAG));
        if (!r.ok) return;
        if (r.value.unit === 'percent') expect(r.value.value > 0 && r.value.value <= 100).toBe(true);
        else {
          expect(Number.isSafeInteger(r.value.value) && r.value.value >= 0).toBe(true);
          // A bare number is ambiguous: a size must end with its unit letter.
          expect(t.trim()).toMatch(/[A-Za-z]$/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a size with a unit is the same amount as parseSize says; a bare number is always refused', () => {
    fc.assert(
      fc.property(arbDecimal, arbUnit, ({ text }, u) => {
        expect(clear(() => parseAmount(text, FLAG)).ok).toBe(false);
        if (u.letter === '' && u.suffix === '') return;
        const unit = u.letter === '' ? 'B' : u.letter + u.suffix;
        const input = `${text}${unit}`;
        const size = clear(() => parseSize(input, FLAG));
        const amount = clear(() => parseAmount(input, FLAG));
        if (size.ok) expect(amount).toEqual({ ok: true, value: { unit: 'bytes', value: size.value } });
        else expect(amount.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

describe('parseDuration (fuzz)', () => {
  test('any text: a whole, non-negative, safe number of milliseconds, or a UsageError naming the flag', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const r = clear(() => parseDuration(t, FLAG));
        if (r.ok) expect(Number.isSafeInteger(r.value) && r.value >= 0).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('a duration built from parts parses to the sum of the parts', () => {
    const part = fc.record({ n: fc.nat({ max: 100_000 }), unit: fc.constantFrom('ms', 's', 'm', 'h', 'd', 'w') });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' '), (parts, pad) => {
        const text = pad + parts.map((p) => `${p.n}${p.unit}`).join('') + pad;
        const want = parts.reduce((s, p) => s + p.n * UNIT_MS[p.unit]!, 0);
        expect(parseDuration(text, FLAG)).toBe(want);
      }),
      { numRuns: RUNS },
    );
  });

  test('formatDuration of whole seconds parses back to at most the value (it keeps the two leading units)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 * 86_400 }), (sec) => {
        const ms = sec * 1000;
        const back = parseDuration(formatDuration(ms), FLAG);
        expect(back).toBeLessThanOrEqual(ms);
        // Only the units after the second most significant one are lost.
        expect(ms - back).toBeLessThan(sec >= 86_400 ? 3_600_000 : sec >= 3600 ? 60_000 : 1000);
      }),
      { numRuns: RUNS },
    );
  });

  test('a blank, a sign or a unit-less number between parts is refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: 99 }), fc.nat({ max: 99 }), fc.constantFrom(' ', '-', '+', ',', '', '\t'), (a, b, sep) => {
        const text = `${a}h${sep}${b}`;
        expect(clear(() => parseDuration(text, FLAG)).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
