/**
 * Fuzzing the whitespace text trace reader. The properties:
 *  - any content: requests with whole, safe sizes and finite times, and a problem with its line number for each
 *    line that is not a request; never an exception;
 *  - requests written as `time id size` (any blanks between fields, a header or none, CRLF, comments) read back
 *    exactly.
 */
import fc from 'fast-check';
import { textTrace } from '../../../src/sim/trace/text.js';
import { keyOf } from '../../../src/sim/trace/types.js';
import { expectProblemsOnLines, readAll, tempFile } from './read.js';

describe('textTrace (fuzz)', () => {
  test('any content: requests with sane numbers and problems with line numbers', async () => {
    const piece = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('time id size', ' ', '\t', '\n', '\r\n', '#', '-1', '1e999', '12', 'NaN', '0x1f'));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (parts) => {
        const content = parts.join('');
        const r = await readAll(textTrace(tempFile('t.txt', content), { timeScale: 1 }));
        for (let i = 0; i < r.sizes.length; i++) {
          expect(Number.isSafeInteger(r.sizes[i]) && r.sizes[i]! >= 0).toBe(true);
          expect(Number.isFinite(r.times[i])).toBe(true);
        }
        expectProblemsOnLines(r.problems, content);
      }),
      { numRuns: 300 },
    );
  });

  test('requests written as text read back exactly', async () => {
    const req = fc.record({
      time: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 10 ** 6 }).map((n) => n / 1000)),
      id: fc.oneof(fc.stringMatching(/^[0-9]{1,18}$/), fc.stringMatching(/^[!-~]{1,12}$/).filter((s) => !s.startsWith('#'))),
      size: fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(req, { minLength: 1, maxLength: 30 }), fc.array(fc.constantFrom(' ', '  ', '\t', ' \t'), { minLength: 4, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (reqs, ws, eol, header) => {
        const lines = header ? ['time id size', '# comment'] : [];
        for (const q of reqs) lines.push(`${ws[0]}${q.time}${ws[1]}${q.id}${ws[2]}${q.size}${ws[3]}`);
        const r = await readAll(textTrace(tempFile('t.txt', lines.join(eol)), { timeScale: 1 }));
        expect(r.problems).toEqual([]);
        expect(r.keys).toEqual(reqs.map((q) => keyOf(q.id)));
        expect(r.sizes).toEqual(reqs.map((q) => q.size));
        expect(r.times).toEqual(reqs.map((q) => q.time));
      }),
      { numRuns: 200 },
    );
  });
});
