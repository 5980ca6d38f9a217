import { UsageError } from '../../../src/shared/errors.js';
import { parseColumns } from '../../../src/sim/trace/columns.js';
import { csvTrace, splitCsv } from '../../../src/sim/trace/csv.js';
import { readAll, tempFile } from './read.js';

const csv = (content: string, columns?: string) => csvTrace(tempFile('t.csv', content), { timeScale: 1, ...(columns ? { columns: parseColumns(columns) } : {}) });

describe('CSV traces', () => {
  test('a header, CRLF line ends, comments, blank lines and a last line without a newline', async () => {
    const r = await readAll(csv('# from the cache logs\r\ntime,id,size\r\n1,10,100\r\n\r\n2,11,200\r\n# done\r\n3,10,100'));
    expect(r.keys).toEqual([10, 11, 10]);
    expect(r.sizes).toEqual([100, 200, 100]);
    expect(r.times).toEqual([1, 2, 3]);
    expect(r.problems).toEqual([]);
    expect(r.info.hasTime).toBe(true);
  });

  test('header names trace tools use, in any order, other columns ignored', async () => {
    const r = await readAll(csv('op,obj_size,timestamp,obj_id\nGET,5,7,abc\nGET,6,8,42\n'));
    expect(r.keys).toEqual(['abc', 42]);
    expect(r.sizes).toEqual([5, 6]);
    expect(r.times).toEqual([7, 8]);
  });

  test('without a time column: no times', async () => {
    const r = await readAll(csv('id,size\n1,5\n2,6\n'));
    expect(r.info.hasTime).toBe(false);
    expect(r.times.every((t) => Number.isNaN(t))).toBe(true);
  });

  test('no header and no --columns: a usage error that says what to do', async () => {
    await expect(readAll(csv('1,10,100\n2,11,200\n'))).rejects.toThrow(UsageError);
    await expect(readAll(csv('1,10,100\n'))).rejects.toThrow(/line 1 \('1,10,100'\) is not a header.*--columns/);
  });

  test('--columns names the columns of a headerless file, - skips one, and a header line is then skipped', async () => {
    expect((await readAll(csv('1,10,100\n2,11,200\n', 'time,id,size'))).keys).toEqual([10, 11]);
    const r = await readAll(csv('x,7,10,100\n', '-,time,id,size'));
    expect([r.keys, r.times, r.sizes]).toEqual([[10], [7], [100]]);
    expect((await readAll(csv('size,id\n5,1\n', 'size,id'))).keys).toEqual([1]);
  });

  test('ids: plain integers are numbers; leading zeros, 16 digits and text stay text; quoted fields may hold commas', async () => {
    const r = await readAll(csv('id,size\n0,1\n007,1\n1234567890123456,1\nimg-1,1\n"a,b",1\n"say ""hi""",1\n'));
    expect(r.keys).toEqual([0, '007', '1234567890123456', 'img-1', 'a,b', 'say "hi"']);
    expect(splitCsv('"a,b",c,"",d')).toEqual(['a,b', 'c', '', 'd']);
  });

  test('malformed lines are reported with their line number and skipped; the rest is read', async () => {
    const r = await readAll(csv(['time,id,size', '1,1,10', '2,2', '3,3,abc', '4,4,-5', '5,5,1.5', '6,,7', 'x,7,7', '8,8,99999999999999999999', '9,9,9'].join('\n')));
    expect(r.keys).toEqual([1, 9]);
    expect(r.problems.map((p) => [p.where, p.why])).toEqual([
      ['line 3', '2 fields, expected at least 3'],
      ['line 4', "size 'abc' is not a whole number of bytes"],
      ['line 5', "size '-5' is not a whole number of bytes"],
      ['line 6', "size '1.5' is not a whole number of bytes"],
      ['line 7', 'empty id'],
      ['line 8', "time 'x' is not a number"],
      ['line 9', "size '99999999999999999999' is too large"],
    ]);
    expect(r.problems[0]!.text).toBe('2,2');
  });

  test('the time column is converted to seconds', async () => {
    const r = await readAll(csvTrace(tempFile('t.csv', 'time,id,size\n1500,1,1\n'), { timeScale: 1e-3 }));
    expect(r.times).toEqual([1.5]);
  });

  test('a problem the caller rejects (--strict) stops the read', async () => {
    const source = csv('time,id,size\n1,1,1\n2,2\n3,3,3\n');
    await expect(
      source.read(
        () => undefined,
        (p) => {
          throw new UsageError(`${p.where}: ${p.why}`);
        },
      ),
    ).rejects.toThrow('line 3: 2 fields, expected at least 3');
  });
});

describe('--columns', () => {
  test.each([
    ['time,id,size', { time: 0, id: 1, size: 2, width: 3 }],
    ['id,size', { time: -1, id: 0, size: 1, width: 2 }],
    ['size,-,id', { time: -1, id: 2, size: 0, width: 3 }],
    [' Time , ID , Size ', { time: 0, id: 1, size: 2, width: 3 }],
  ])('%s', (text, cols) => expect(parseColumns(text)).toEqual(cols));

  test.each([
    ['time,id', /must name an id and a size column/],
    ['time,id,size,bytes', /unknown column 'bytes'/],
    ['id,id,size', /id is named twice/],
  ])('%s is refused', (text, re) => expect(() => parseColumns(text)).toThrow(re));
});
