import fc from 'fast-check';
import type { Entry, Usage } from '../../src/shared/types.js';
import { UsageByEntry } from '../../src/usage/entry-usage.js';
import { mergeUsage } from '../../src/usage/merge.js';
import type { Collected, UsageRows, UsageSignal } from '../../src/usage/signal.js';
import { oldMergeUsage, storeRowSignals } from '../helpers/merge-oracle.js';
import { makeEntry } from '../helpers/fixtures.js';

/**
 * The merge keeps its usages as columns and makes each Usage when asked (merged-columns.ts), and reads the store's rows
 * as one block (signal.ts UsageRows). Against the merge main had (helpers/merge-oracle.ts), fed the same evidence with
 * each block as the signals the store gave before, one per entry with a row at the block's place: the same usages,
 * deep-equal (+0 and -0 told apart, NaN equal to NaN) and the same JSON text, by name, in order and by position, on
 * random entries (in name order or not, a name twice, times equal or not) and random signals (every field, NaN where
 * a number goes, fractional and huge counts, global ones), with none, one or two blocks anywhere in the list, one of
 * them sometimes collected for other entries. FC_SEED=<n> replays a seed.
 */
const SEED = Number(process.env.FC_SEED ?? 3115);
const NAMES = ['a', 'b', 'c', 'd', 'e', '\u{1F600}', 'é'];
const time = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 60 }) }, fc.constantFrom(NaN, -0, 1e300, 0.5));
const count = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) }, fc.constantFrom(2.5, -1, NaN, 2 ** 31, 2 ** 53));

const signal: fc.Arbitrary<UsageSignal> = fc.record(
  {
    name: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...NAMES, 'gone') }, fc.constant(null)),
    lastUsedMs: time,
    hits: count,
    hitTimesMs: fc.array(time, { maxLength: 3 }),
    decayed: fc.record({ halfLifeMs: fc.constantFrom(3_600_000, 7), uses: count, weight: fc.double({ min: 0, max: 5, noNaN: true }) }),
    firstSeenMs: time,
    arrivedByMs: time,
    refetches: count,
    returnGapMs: time,
    inUse: fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }),
    pinned: fc.boolean(),
    pinnedUntilMs: time,
  },
  { requiredKeys: ['name'] },
) as fc.Arbitrary<UsageSignal>;

/** A block's columns of `rows` rows; rowOf is drawn per entry later (a row, or -1). */
const block = fc.record({
  rows: fc.array(fc.record({ firstSeenMs: time, uses: count, lastUseMs: time, weight: fc.double({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 5 }),
  halfLifeMs: fc.option(fc.constantFrom(3_600_000, NaN), { nil: undefined }),
  firstRunMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  picks: fc.array(fc.integer({ min: -3, max: 4 }), { minLength: 8, maxLength: 8 }),
  at: fc.nat(20),
  foreign: fc.boolean(),
});
type Block = typeof block extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(entries: readonly Entry[], b: Block): UsageRows {
  const col = (f: (r: Block['rows'][number]) => number) => Float64Array.from(b.rows, f);
  const rowOf = Int32Array.from(entries, (_, i) => (b.picks[i % 8]! < 0 ? -1 : b.picks[i % 8]! % b.rows.length));
  const r: UsageRows = { kind: 'rows', entries, rowOf, firstSeenMs: b.rows.map((x) => x.firstSeenMs), uses: col((x) => x.uses), lastUseMs: col((x) => x.lastUseMs), firstRunMs: b.firstRunMs };
  return b.halfLifeMs !== undefined ? { ...r, weight: col((x) => x.weight), halfLifeMs: b.halfLifeMs } : r;
}

const entryList = fc.array(fc.record({ name: fc.constantFrom(...NAMES), m: time, a: time }), { maxLength: 7 });

function check(got: ReadonlyMap<string, Usage>, want: ReadonlyMap<string, Usage>, entries: readonly Entry[]): void {
  expect([...got.entries()]).toStrictEqual([...want.entries()]);
  expect(JSON.stringify([...got])).toBe(JSON.stringify([...want]));
  for (const name of [...NAMES, 'gone']) expect(got.get(name)).toStrictEqual(want.get(name));
  if (got instanceof UsageByEntry) {
    const byPosition = entries.map((_, i) => got.at(i));
    expect(byPosition).toStrictEqual(entries.map((e) => want.get(e.name)));
    expect(JSON.stringify(byPosition)).toBe(JSON.stringify(entries.map((e) => want.get(e.name))));
    for (let i = 0; i < entries.length; i++) expect(Object.is(got.lastUsedMsAt(i), want.get(entries[i]!.name)!.lastUsedMs)).toBe(true);
  }
}

test('the columnar merge gives what the merge before it gave, field for field and in the same JSON', () => {
  fc.assert(
    fc.property(entryList, fc.array(signal, { maxLength: 10 }), fc.array(block, { maxLength: 2 }), fc.boolean(), fc.boolean(), fc.boolean(), (es, signals, blocks, noAtime, sort, unique) => {
      let list = es.map((e) => makeEntry(e.name, { mtimeMs: e.m, atimeMs: e.a }));
      if (unique) list = list.filter((e, i) => list.findIndex((x) => x.name === e.name) === i);
      if (sort) list.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      const entries: readonly Entry[] = list;
      const given: Collected[] = [...signals];
      const asOld: UsageSignal[][] = signals.map((s) => [s]);
      // Blocks placed from the last, so that each one's place counts the signals before it.
      for (const b of [...blocks].sort((x, y) => y.at - x.at)) {
        const of = b.foreign ? entries.map((e) => makeEntry(e.name, { mtimeMs: 0, atimeMs: 0 })) : entries;
        const rows = rowsOf(of, b);
        const at = Math.min(b.at, given.length);
        given.splice(at, 0, rows);
        asOld.splice(at, 0, storeRowSignals(of, rows));
      }
      const got = mergeUsage(entries, given, { noAtime });
      check(got, oldMergeUsage(entries, asOld.flat(), { noAtime }), entries);
    }),
    { numRuns: 2000, seed: SEED },
  );
});

test('an entry with only its file times and one store row becomes no object until asked, and each ask makes a new one', () => {
  const entries = [makeEntry('a', { mtimeMs: 5, atimeMs: 6 }), makeEntry('b', { mtimeMs: 5, atimeMs: 6 })];
  const rows: UsageRows = { kind: 'rows', entries, rowOf: Int32Array.of(0, -1), firstSeenMs: [1], uses: Float64Array.of(3), lastUseMs: Float64Array.of(9), firstRunMs: 0 };
  const got = mergeUsage(entries, [rows]) as UsageByEntry;
  expect(got.at(0)).toStrictEqual({ lastUsedMs: 9, hits: 3, inUse: [], pinned: false, firstSeenMs: 1, arrivedByMs: 1 });
  expect(Object.keys(got.at(0))).toEqual(['lastUsedMs', 'hits', 'inUse', 'pinned', 'firstSeenMs', 'arrivedByMs']);
  expect(got.at(0)).not.toBe(got.at(0));
  expect(got.at(1)).toStrictEqual({ lastUsedMs: 6, hits: 0, inUse: [], pinned: false });
});
