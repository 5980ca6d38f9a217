import { oracleGeneralTrace, RECORD } from '../../../src/sim/trace/oracle-general.js';
import { readAll, tempFile } from './read.js';

function records(rows: [number, bigint, number, bigint][]): Buffer {
  const b = Buffer.alloc(rows.length * RECORD);
  rows.forEach(([time, id, size, next], i) => {
    b.writeUInt32LE(time, i * RECORD);
    b.writeBigUInt64LE(id, i * RECORD + 4);
    b.writeUInt32LE(size, i * RECORD + 12);
    b.writeBigInt64LE(next, i * RECORD + 16);
  });
  return b;
}

describe('libCacheSim oracleGeneral traces', () => {
  test('24-byte little-endian records: time, id, size (next access read, not relied upon)', async () => {
    const file = tempFile('t.oracleGeneral', records([
      [10, 1n, 512, 2n],
      [11, 2n, 4096, -1n],
      [12, 1n, 512, 0x7fffffffffffffffn],
      [13, 2n ** 40n, 7, -1n],
    ]));
    const r = await readAll(oracleGeneralTrace(file));
    expect(r.keys).toEqual([1, 2, 1, 2 ** 40]);
    expect(r.sizes).toEqual([512, 4096, 512, 7]);
    expect(r.times).toEqual([10, 11, 12, 13]);
    expect(r.info.hasTime).toBe(true);
    expect(r.problems).toEqual([]);
  });

  test('ids beyond 2^53 are kept exactly, as text', async () => {
    const big = 2n ** 53n + 1n;
    const r = await readAll(oracleGeneralTrace(tempFile('t.bin', records([[1, big, 1, -1n], [2, 2n ** 64n - 1n, 1, -1n]]))));
    expect(r.keys).toEqual([big.toString(), (2n ** 64n - 1n).toString()]);
  });

  test('trailing bytes that are not a whole record are a problem naming the record and byte', async () => {
    const file = tempFile('t.bin', Buffer.concat([records([[1, 1n, 1, -1n], [2, 2n, 2, -1n], [3, 3n, 3, -1n]]), Buffer.alloc(10)]));
    const r = await readAll(oracleGeneralTrace(file));
    expect(r.keys).toEqual([1, 2, 3]);
    expect(r.problems).toEqual([{ where: 'record 4 (byte 72)', why: '10 trailing bytes, not a whole 24-byte record (truncated file?)' }]);
  });

  test('a trace longer than one read chunk and one request chunk', async () => {
    const n = 70_000 * 3 + 5;
    const rows: [number, bigint, number, bigint][] = [];
    for (let i = 0; i < n; i++) rows.push([i, BigInt(i % 1000), (i % 7) + 1, -1n]);
    const r = await readAll(oracleGeneralTrace(tempFile('t.bin', records(rows))));
    expect(r.keys.length).toBe(n);
    expect(r.keys[n - 1]).toBe((n - 1) % 1000);
    expect(r.sizes[n - 1]).toBe(((n - 1) % 7) + 1);
    expect(r.times[123_456]).toBe(123_456);
  });
});
