/**
 * Fuzzing the CSV trace reader. The properties:
 *  - any content: the read resolves (requests with whole, safe sizes and finite or absent times; a problem with
 *    its line number for each line that is not a request) or rejects with a UsageError; never another exception;
 *  - requests written as CSV (ids quoted when they hold commas, quotes or blanks; columns in any order, extra
 *    columns, CRLF, comments, blank lines) read back exactly.
 */
import fc from 'fast-check';
import { UsageError } from '../../../src/shared/errors.js';
import { csvTrace } from '../../../src/sim/trace/csv.js';
import { keyOf } from '../../../src/sim/trace/types.js';
import { expectProblemsOnLines, readAll, tempFile } from './read.js';

// A line starting with # is a comment (documented), so an id starting with # is quoted like one with a comma.
const quote = (s: string): string => (/[",\s]/.test(s) || s === '' || s.startsWith('#') ? `"${s.replace(/"/g, '""')}"` : s);

describe('csvTrace (fuzz)', () => {
  test('any content: requests with sane numbers and problems with line numbers, or a UsageError', async () => {
    const piece = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('time,id,size', 'id,size', ',', '"', '""', '\n', '\r\n', '#', '-1', '1e999', '12', 'x', '  '));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (parts) => {
        const content = parts.join('');
        let r;
        try {
          r = await readAll(csvTrace(tempFile('t.csv', content), { timeScale: 1 }));
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          return;
        }
        for (let i = 0; i < r.sizes.length; i++) {
          expect(Number.isSafeInteger(r.sizes[i]) && r.sizes[i]! >= 0).toBe(true);
          expect(Number.isNaN(r.times[i]) || Number.isFinite(r.times[i])).toBe(true);
        }
        expectProblemsOnLines(r.problems, content);
      }),
      { numRuns: 300 },
    );
  });

  test('requests written as CSV read back exactly', async () => {
    const req = fc.record({
      time: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 10 ** 6 }).map((n) => n / 1000)),
      id: fc.oneof(fc.stringMatching(/^[0-9]{1,18}$/), fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '' && !/[\r\n]/.test(s))),
      size: fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(req, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(['time', 'id', 'size'], ['id', 'size', 'time'], ['size', 'extra', 'id', 'time'], ['obj_id', 'obj_size', 'timestamp']),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (reqs, header, eol, noise) => {
          const col = (name: string): 'time' | 'id' | 'size' | null =>
            ['time', 'timestamp'].includes(name) ? 'time' : ['id', 'obj_id'].includes(name) ? 'id' : ['size', 'obj_size'].includes(name) ? 'size' : null;
          const lines = [header.join(',')];
          reqs.forEach((r, i) => {
            if (noise && i % 3 === 0) lines.push('', '# a comment');
            lines.push(header.map((h) => { const c = col(h); return c === null ? 'x' : c === 'id' ? quote(r.id) : String(r[c]); }).join(','));
          });
          const r = await readAll(csvTrace(tempFile('t.csv', lines.join(eol) + eol), { timeScale: 1 }));
          expect(r.problems).toEqual([]);
          expect(r.keys).toEqual(reqs.map((q) => keyOf(q.id.trim())));
          expect(r.sizes).toEqual(reqs.map((q) => q.size));
          expect(r.times).toEqual(reqs.map((q) => q.time));
        },
      ),
      { numRuns: 200 },
    );
  });
});
