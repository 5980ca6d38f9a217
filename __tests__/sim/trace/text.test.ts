import { parseColumns } from '../../../src/sim/trace/columns.js';
import { textTrace } from '../../../src/sim/trace/text.js';
import { readAll, tempFile } from './read.js';

const text = (content: string, columns?: string) => textTrace(tempFile('t.txt', content), { timeScale: 1, ...(columns ? { columns: parseColumns(columns) } : {}) });

describe('whitespace text traces', () => {
  test('time id size by default, any spacing, comments and blank lines skipped', async () => {
    const r = await readAll(text('# t id size\n1 10 100\n\n2\t11   200\n  3 10 100  \n'));
    expect([r.keys, r.sizes, r.times]).toEqual([
      [10, 11, 10],
      [100, 200, 100],
      [1, 2, 3],
    ]);
    expect(r.problems).toEqual([]);
  });

  test('a first line naming the columns is a header, and sets them', async () => {
    const r = await readAll(text('obj_id obj_size\nx 5\ny 6\n'));
    expect([r.keys, r.sizes, r.info.hasTime]).toEqual([['x', 'y'], [5, 6], false]);
  });

  test('--columns for another order', async () => {
    const r = await readAll(text('10 100\n11 200\n', 'id,size'));
    expect([r.keys, r.sizes]).toEqual([
      [10, 11],
      [100, 200],
    ]);
  });

  test('malformed lines with their line numbers', async () => {
    const r = await readAll(text('1 1 1\n2 2\nthree 3 3\n4 4 4k\n5 5 5\n'));
    expect(r.keys).toEqual([1, 5]);
    expect(r.problems.map((p) => `${p.where}: ${p.why}`)).toEqual([
      'line 2: 2 fields, expected at least 3',
      "line 3: time 'three' is not a number",
      "line 4: size '4k' is not a whole number of bytes",
    ]);
  });
});
