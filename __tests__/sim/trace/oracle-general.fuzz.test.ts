/**
 * Fuzzing the oracleGeneral binary trace reader. The properties:
 *  - records written by an encoder here (u32 time, u64 id, u32 size, i64 next access, little-endian) read back
 *    exactly, ids above 2^53 as their exact decimal text;
 *  - any bytes: one request per whole 24-byte record, and exactly one problem for trailing bytes (a truncated
 *    file); never an exception.
 */
import fc from 'fast-check';
import { oracleGeneralTrace, RECORD } from '../../../src/sim/trace/oracle-general.js';
import { readAll, tempFile } from './read.js';

describe('oracleGeneralTrace (fuzz)', () => {
  test('records read back exactly, large ids as exact text', async () => {
    const rec = fc.record({ time: fc.nat({ max: 2 ** 32 - 1 }), id: fc.oneof(fc.bigUintN(64), fc.bigUintN(53), fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n)), size: fc.nat({ max: 2 ** 32 - 1 }), next: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) });
    await fc.assert(
      fc.asyncProperty(fc.array(rec, { maxLength: 50 }), async (recs) => {
        const buf = Buffer.alloc(recs.length * RECORD);
        recs.forEach((r, i) => {
          buf.writeUInt32LE(r.time, i * RECORD);
          buf.writeBigUInt64LE(r.id, i * RECORD + 4);
          buf.writeUInt32LE(r.size, i * RECORD + 12);
          buf.writeBigInt64LE(r.next, i * RECORD + 16);
        });
        const out = await readAll(oracleGeneralTrace(tempFile('t.oracleGeneral', buf)));
        expect(out.problems).toEqual([]);
        expect(out.keys).toEqual(recs.map((r) => (r.id < 2n ** 53n ? Number(r.id) : r.id.toString())));
        expect(out.sizes).toEqual(recs.map((r) => r.size));
        expect(out.times).toEqual(recs.map((r) => r.time));
      }),
      { numRuns: 200 },
    );
  });

  test('any bytes: a request per whole record, one problem for trailing bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 24 * 20 + 23 }), async (bytes) => {
        const out = await readAll(oracleGeneralTrace(tempFile('t.bin', Buffer.from(bytes))));
        expect(out.keys.length).toBe(Math.floor(bytes.length / RECORD));
        expect(out.problems.length).toBe(bytes.length % RECORD === 0 ? 0 : 1);
      }),
      { numRuns: 200 },
    );
  });
});
