import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../../src/shared/errors.js';
import { parseColumns } from '../../../src/sim/trace/columns.js';
import { detectFormat, openTraceFile } from '../../../src/sim/trace/open.js';
import { tempFile } from './read.js';

describe('choosing the reader', () => {
  test.each([
    ['a.csv', 'anything', 'csv'],
    ['a.txt', 'a,b,c', 'text'],
    ['w.oracleGeneral', '', 'oracle-general'],
    ['w.oracleGeneral.bin', '', 'oracle-general'],
    ['w.bin', '', 'oracle-general'],
    ['trace', 'time,id,size\n1,2,3\n', 'csv'],
    ['trace', '# comment, with a comma\n1 2 3\n', 'text'],
    ['trace', 'abc\u0000def', 'oracle-general'],
  ])('%s with %j is %s', (name, head, format) => {
    expect(detectFormat(name, Buffer.from(head))).toBe(format);
  });

  test('compressed traces are refused with the command that decompresses them', () => {
    const zst = tempFile('w.oracleGeneral.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]));
    expect(() => openTraceFile(zst)).toThrow(/compressed with zstd; decompress it first \(zstd -d /);
    const gz = tempFile('t.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0]));
    expect(() => openTraceFile(gz, { format: 'csv' })).toThrow(/gzip/);
  });

  test('a missing file, a directory, a bad time unit, --columns on a binary trace: usage errors', () => {
    const f = tempFile('t.csv', 'id,size\n1,1\n');
    expect(() => openTraceFile(path.join(path.dirname(f), 'nope.csv'))).toThrow(new UsageError(`--trace: ${path.join(path.dirname(f), 'nope.csv')} does not exist`));
    expect(() => openTraceFile(path.dirname(f))).toThrow(/is a directory/);
    expect(() => openTraceFile('/dev/null')).toThrow(/--trace: \/dev\/null is not a regular file \(a pipe or device\); save the trace to a file first/);
    expect(() => openTraceFile(f, { timeUnit: 'h' })).toThrow(/--time-unit: 'h' is not one of s, ms, us, ns/);
    const bin = tempFile('t.bin', Buffer.alloc(24));
    expect(() => openTraceFile(bin, { columns: parseColumns('id,size') })).toThrow(/--columns: an oracleGeneral trace has fixed columns/);
    expect(fs.existsSync(f)).toBe(true);
  });

  test('--trace-format overrides the extension', () => {
    expect(openTraceFile(tempFile('t.csv', '1 2 3\n'), { format: 'text' }).format).toBe('text');
  });
});
