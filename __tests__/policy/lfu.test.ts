import { getStrategy } from '../../src/policy/registry.js';
import { lfu } from '../../src/policy/lfu.js';
import { frequency } from '../../src/policy/frequency.js';
import { cand, names } from '../helpers/candidates.js';
import { DAY, MiB } from '../helpers/units.js';

const now = 10 * DAY;

describe('lfu', () => {
  it('is also called popularity, and evicts under pressure', () => {
    expect(getStrategy('popularity')).toBe(lfu);
    expect(getStrategy('lfu').trigger).toBe('pressure');
  });

  it('evicts the fewest hits first', () => {
    const cs = [cand('a', MiB, { lastUsedMs: 1, hits: 5 }), cand('b', MiB, { lastUsedMs: 2, hits: 1 }), cand('c', MiB, { lastUsedMs: 3, hits: 3 })];
    expect(names(lfu.rank(cs, { now }))).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties by least recently used, then by name', () => {
    const cs = [
      cand('x', MiB, { lastUsedMs: 100, hits: 2 }),
      cand('z', MiB, { lastUsedMs: 50, hits: 2 }),
      cand('y', MiB, { lastUsedMs: 50, hits: 2 }),
      cand('w', MiB, { lastUsedMs: 900, hits: 1 }),
    ];
    expect(names(lfu.rank(cs, { now }))).toEqual(['w', 'y', 'z', 'x']);
  });

  it('with a half-life, weighs each hit 2^(-age/half-life): four old hits count less than one recent hit', () => {
    const old = cand('old-favourite', MiB, { lastUsedMs: 0, hitTimesMs: [0, 0, 0, 0] });
    const recent = cand('recent', MiB, { lastUsedMs: 9 * DAY, hitTimesMs: [9 * DAY] });
    expect(frequency(old, { now, halfLifeMs: DAY })).toBeCloseTo(4 / 1024, 12);
    expect(frequency(recent, { now, halfLifeMs: DAY })).toBeCloseTo(0.5, 12);
    expect(names(lfu.rank([old, recent], { now }))).toEqual(['recent', 'old-favourite']);
    expect(names(lfu.rank([old, recent], { now, halfLifeMs: DAY }))).toEqual(['old-favourite', 'recent']);
  });

  it('weighs hits with no recorded time (Glance keeps only a count) as if at the last use', () => {
    const glance = cand('glance', MiB, { lastUsedMs: 9 * DAY, hits: 4 });
    const timed = cand('timed', MiB, { lastUsedMs: 10 * DAY, hitTimesMs: [10 * DAY, 10 * DAY, 10 * DAY] });
    expect(frequency(glance, { now, halfLifeMs: DAY })).toBeCloseTo(2, 12);
    expect(frequency(timed, { now, halfLifeMs: DAY })).toBeCloseTo(3, 12);
    expect(names(lfu.rank([timed, glance], { now, halfLifeMs: DAY }))).toEqual(['glance', 'timed']);
  });

  it('counts a hit time in the future as a full hit', () => {
    expect(frequency(cand('f', MiB, { lastUsedMs: 11 * DAY, hitTimesMs: [11 * DAY] }), { now, halfLifeMs: DAY })).toBe(1);
  });

  it('with no hits at all ranks by recency and says so; with any hit it says nothing', () => {
    const cs = [cand('new', MiB, { lastUsedMs: 300 }), cand('old', MiB, { lastUsedMs: 100 }), cand('mid', MiB, { lastUsedMs: 200 })];
    expect(names(lfu.rank(cs, { now }))).toEqual(['old', 'mid', 'new']);
    expect(lfu.note!(cs, { now })).toMatch(/^lfu: no hits recorded yet .* ranks by recency: least recently used first$/);
    expect(lfu.note!([...cs, cand('used', MiB, { lastUsedMs: 1, hits: 1 })], { now })).toBeUndefined();
    expect(lfu.note!([], { now })).toBeUndefined();
  });

  it('does not change its input', () => {
    const cs = [cand('a', MiB, { lastUsedMs: 1, hits: 5 }), cand('b', MiB, { lastUsedMs: 2, hits: 1 })];
    const copy = [...cs];
    lfu.rank(cs, { now });
    expect(cs).toEqual(copy);
  });
});
