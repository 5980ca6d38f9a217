/**
 * Fuzzing --max-delete. The properties: any text is a cap of a whole, safe, non-negative number of entries or of
 * bytes, or a UsageError naming the flag (printed as one line); a whole number N caps N entries; a size with a unit
 * caps exactly the bytes parseSize gives it; a fraction without a unit is refused.
 */
import fc from 'fast-check';
import { oneLine } from '../../src/cli/term/error-line.js';
import { parseMaxDelete } from '../../src/config/max-delete.js';
import { UsageError } from '../../src/shared/errors.js';
import { parseSize } from '../../src/shared/units.js';

describe('parseMaxDelete (fuzz)', () => {
  test('any text: a sane cap, or a UsageError naming the flag', () => {
    const arb = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.array(fc.constantFrom(...'0123456789.KMGTPEBi%- \t\n'.split(''), '1e9', 'x'), { maxLength: 12 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(arb, (t) => {
        let cap;
        try {
          cap = parseMaxDelete(t);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message.startsWith('--max-delete: ')).toBe(true);
          expect(oneLine((err as Error).message)).not.toMatch(/[\u0000-\u001f]/);
          return;
        }
        const n = 'entries' in cap ? cap.entries : cap.bytes;
        expect(Number.isSafeInteger(n) && n! >= 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('regression found by fuzzing: a size too large says so', () => {
    expect(() => parseMaxDelete('8388608GB')).toThrow("--max-delete: '8388608GB' is too large");
  });

  test('N is N entries; a size with its unit is its bytes; a bare fraction is refused', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('K', 'M', 'G', 'T', 'KiB', 'GB', 'B', 'k'), fc.nat({ max: 99 }), (n, unit, frac) => {
        expect(parseMaxDelete(` ${n} `)).toEqual({ entries: n });
        for (const t of [`${n}${unit}`, `${n}.${frac}${unit}`]) {
          let bytes: number | undefined;
          try {
            bytes = parseSize(t);
          } catch {
            // too large: said so
          }
          if (bytes === undefined) expect(() => parseMaxDelete(t)).toThrow(`--max-delete: '${t}' is too large`);
          else expect(parseMaxDelete(t)).toEqual({ bytes });
        }
        expect(() => parseMaxDelete(`${n}.${frac}`)).toThrow(UsageError);
      }),
      { numRuns: 2000 },
    );
  });
});
