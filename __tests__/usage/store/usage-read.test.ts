import { numbers, sumOrder } from '../../../src/usage/store/usage-read.js';
import { withStore } from './history-model.js';

/**
 * The planner's read hands each column over as one text (usage-read.ts): a decayed weight must come back as the same
 * double, or plans would differ in the last bit from one read to the next (registerDecay). SQLite writes a REAL with
 * 17 significant digits; this holds it to that on awkward values, so that another SQLite cannot change it unseen.
 */
test('numbers written by group_concat read back as the same doubles and integers', () => {
  const values = [0.1 + 0.2, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.5, 1, 2 ** 53, 1733000000000.5, 1765108800000, 7.000000000000001, 123456.78901234567];
  for (let i = 1; i <= 2000; i++) values.push(((i * 7919) % 10007) / 10007 * 10 ** ((i % 30) - 10), 2 ** -(i / 97), Math.sin(i) * 1e6);
  withStore((store) => {
    let k = 0;
    store.db.function('value_at', () => values[k++]!);
    const text = store.db.prepare(`WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${values.length}) SELECT group_concat(value_at()) FROM c`).pluck().get() as string;
    const back = numbers(text);
    expect(back.length).toBe(values.length);
    for (let i = 0; i < values.length; i++) expect(Object.is(back[i], values[i])).toBe(true);
    expect(numbers(null)).toEqual([]);
  });
});

test('uses that do not come by entry, time and source are put in that order, equal ones as they came', () => {
  expect(sumOrder([1, 1, 2], [5, 6, 1], [0, 0, 0])).toBeNull();
  expect(sumOrder([1, 1, 1, 1], [5, 5, 5, 5], [0, 1, 1, 2])).toBeNull();
  const ids = [2, 1, 1, 1, 1, 2];
  const ts = [1, 9, 5, 5, 5, 0];
  const srcs = [0, 0, 2, 0, 0, 1];
  expect([...sumOrder(ids, ts, srcs)!]).toEqual([3, 4, 2, 1, 5, 0]);
});
