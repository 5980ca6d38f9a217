/**
 * Fuzzing --columns and trace headers. The properties: any --columns text is Columns whose indexes point at the
 * columns named time, id and size (width one past the last of them), or a UsageError naming the flag; a header is
 * read as one only when it names an id and a size column and holds no number.
 */
import fc from 'fast-check';
import { UsageError } from '../../../src/shared/errors.js';
import { headerColumns, parseColumns } from '../../../src/sim/trace/columns.js';

describe('--columns and trace headers (fuzz)', () => {
  test('any --columns: indexes of the named columns, or a UsageError', () => {
    const name = fc.constantFrom('time', 'id', 'size', '-', '', ' ID ', 'Size', 'x', 'time ', 'obj_id');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 6 }), (names) => {
        const text = names.join(',');
        let cols;
        try {
          cols = parseColumns(text);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message.startsWith('--columns: ')).toBe(true);
          return;
        }
        const norm = text.split(',').map((p) => p.trim().toLowerCase());
        expect(norm[cols.id]).toBe('id');
        expect(norm[cols.size]).toBe('size');
        if (cols.time >= 0) expect(norm[cols.time]).toBe('time');
        else expect(norm).not.toContain('time');
        expect(cols.width).toBe(Math.max(cols.time, cols.id, cols.size) + 1);
      }),
      { numRuns: 3000 },
    );
  });

  test('a header names an id and a size column and holds no number', () => {
    const field = fc.oneof(fc.constantFrom('time', 'id', 'size', 'obj_id', 'obj_size', 'timestamp', 'bytes', 'key', '"id"', '12', '-3', '1.5', 'x'), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), (fields) => {
        const cols = headerColumns(fields);
        if (cols === null) return;
        expect(fields.some((f) => /^\s*-?\d+(\.\d+)?\s*$/.test(f))).toBe(false);
        expect(cols.id).toBeGreaterThanOrEqual(0);
        expect(cols.size).toBeGreaterThanOrEqual(0);
        expect(cols.id).not.toBe(cols.size);
      }),
      { numRuns: 3000 },
    );
  });
});
