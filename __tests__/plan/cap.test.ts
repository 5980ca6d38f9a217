import { parseMaxDelete } from '../../src/config/max-delete.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { capVictims } from '../../src/plan/cap.js';
import type { PlanInput, PlannedEntry } from '../../src/plan/types.js';
import type { Usage } from '../../src/shared/types.js';
import { fakeEntry, makeUsage } from '../helpers/fixtures.js';
import { HOUR, MiB } from '../helpers/units.js';

const NOW = Date.UTC(2025, 0, 10);

/** Ten 10 MiB entries last read 10h, 20h, ... 100h ago (each written an hour before); a 100 MiB cache on a 1000 MiB disk. */
function input(usedMiB: number, extra: { bytes?: number[] } = {}): PlanInput {
  const sizes = extra.bytes ?? Array.from({ length: 10 }, () => 10 * MiB);
  const read = (i: number): number => NOW - (i + 1) * 10 * HOUR;
  const entries = sizes.map((b, i) => fakeEntry(`e${String(i).padStart(2, '0')}`, b, read(i), { mtimeMs: read(i) - HOUR }));
  const u = new Map<string, Usage>(entries.map((e) => [e.name, makeUsage({ lastUsedMs: e.atimeMs })]));
  return {
    root: '/c',
    layout: 'generic',
    entries,
    usage: u,
    cacheBytes: sizes.reduce((a, b) => a + b, 0),
    disk: { usedBytes: usedMiB * MiB, availableBytes: (1000 - usedMiB) * MiB, usedPercent: usedMiB / 10 },
    now: NOW,
  };
}

describe('--max-delete parsing', () => {
  test.each([
    ['100', { entries: 100 }],
    ['0', { entries: 0 }],
    ['50G', { bytes: 50 * 2 ** 30 }],
    ['1.5T', { bytes: 1.5 * 2 ** 40 }],
    ['512MiB', { bytes: 512 * MiB }],
    ['100B', { bytes: 100 }],
  ])('%s', (text, want) => expect(parseMaxDelete(text)).toEqual(want));

  test.each(['1.5', '-3', 'ten', '50X', ''])('%j is refused', (text) => {
    expect(() => parseMaxDelete(text)).toThrow(/^--max-delete: /);
  });

  test('through planOptionsFrom', () => {
    expect(planOptionsFrom({ maxDelete: '3' }).maxDelete).toEqual({ entries: 3 });
    expect(planOptionsFrom({}).maxDelete).toBeUndefined();
  });
});

describe('capVictims', () => {
  const v = (name: string, bytes: number): PlannedEntry => ({
    entry: fakeEntry(name, bytes, NOW),
    usage: makeUsage({ lastUsedMs: NOW }),
    idleMs: 0,
    decision: 'evict',
    reason: 'over-threshold',
    order: 1,
  });
  const list = (vs: PlannedEntry[]) => ({ length: vs.length, entry: (k: number) => vs[k]!.entry, planned: (k: number) => vs[k]! });
  const cap = (vs: PlannedEntry[], c: Parameters<typeof capVictims>[1]) => {
    const r = capVictims(list(vs), c);
    return { victims: vs.slice(0, r.evicted), capped: r.capped };
  };

  test('by entries: the first N go, the rest are capped', () => {
    const r = cap([v('a', 1), v('b', 1), v('c', 1)], { entries: 2 });
    expect(r.victims.map((x) => x.entry.name)).toEqual(['a', 'b']);
    expect(r.capped.map((x) => [x.entry.name, x.decision, x.reason])).toEqual([['c', 'keep', 'capped']]);
    expect(r.capped[0]!.order).toBeUndefined();
    expect(r.capped[0]!.detail).toBe('--max-delete 2 entries reached; would be evicted as over-threshold');
  });

  test('by bytes: the longest prefix within the cap; a later smaller victim does not jump ahead', () => {
    const r = cap([v('a', 40), v('b', 50), v('c', 5)], { bytes: 60 });
    expect(r.victims.map((x) => x.entry.name)).toEqual(['a']);
    expect(r.capped.map((x) => x.entry.name)).toEqual(['b', 'c']);
  });

  test('a cap of 0 evicts nothing; a cap above everything changes nothing', () => {
    expect(cap([v('a', 1)], { entries: 0 }).victims).toEqual([]);
    const all = [v('a', 1), v('b', 2)];
    expect(cap(all, { bytes: 3 }).capped).toEqual([]);
  });
});

describe('the planner with --max-delete', () => {
  test('pressure: victims beyond the cap are kept as capped, listed right after the victims, and count in the shortfall', () => {
    // 95% used, target 80%: 150 MiB must go; the cache has 100 MiB; cap 3 entries
    const opts = planOptionsFrom({ strategy: 'lru', threshold: '90%', target: '80%', maxDelete: '3', minAge: '1m' });
    const uncapped = buildPlan(input(950), planOptionsFrom({ strategy: 'lru', threshold: '90%', target: '80%', minAge: '1m' }));
    const plan = buildPlan(input(950), opts);
    expect(uncapped.summary.evictCount).toBe(10);
    expect(plan.summary.evictCount).toBe(3);
    expect(plan.entries.slice(0, 3).map((e) => [e.entry.name, e.order])).toEqual([
      ['e09', 1],
      ['e08', 2],
      ['e07', 3],
    ]);
    expect(plan.entries.slice(3, 10).every((e) => e.reason === 'capped' && e.decision === 'keep')).toBe(true);
    expect(plan.entries[3]!.entry.name).toBe('e06'); // in the order it would have gone
    expect(plan.summary.cappedCount).toBe(7);
    expect(plan.summary.cappedBytes).toBe(70 * MiB);
    expect(plan.summary.shortfallBytes).toBe(uncapped.summary.shortfallBytes + 70 * MiB);
    expect(plan.summary.keepCount + plan.summary.evictCount).toBe(10);
    expect(plan.after.cacheBytes).toBe(70 * MiB);
  });

  test('a cap that is not reached changes nothing', () => {
    const o = { strategy: 'lru', threshold: '90%', target: '88%', minAge: '1m' };
    const a = buildPlan(input(950), planOptionsFrom(o));
    const b = buildPlan(input(950), planOptionsFrom({ ...o, maxDelete: '1G' }));
    expect(b.entries.map((e) => [e.entry.name, e.reason])).toEqual(a.entries.map((e) => [e.entry.name, e.reason]));
    expect(b.summary).toEqual({ ...a.summary, cappedCount: 0, cappedBytes: 0 });
  });

  test('age strategy: expired entries beyond a byte cap are capped; no target, so no shortfall', () => {
    const plan = buildPlan(input(100), planOptionsFrom({ maxAge: '35h', maxDelete: '25M' }));
    // idle >= 35h: e03..e09 (7 entries), longest idle first; 25 MiB lets two go
    expect(plan.entries.filter((e) => e.decision === 'evict').map((e) => e.entry.name)).toEqual(['e09', 'e08']);
    expect(plan.summary.cappedCount).toBe(5);
    expect(plan.summary.shortfallBytes).toBe(0);
    expect(plan.entries.filter((e) => e.reason === 'not-expired').length).toBe(3);
  });

  test('a cap over a quarter of a million victims plans (they were spliced in as arguments: a stack overflow)', () => {
    const n = 250_000;
    const old = NOW - 100 * HOUR;
    const entries = Array.from({ length: n }, (_, i) => fakeEntry(`e${String(i).padStart(6, '0')}`, 1, old, { ino: i + 1 }));
    const inp: PlanInput = { root: '/c', layout: 'generic', entries, usage: new Map(), cacheBytes: n, disk: { usedBytes: n, availableBytes: 0, usedPercent: 100 }, now: NOW };
    const plan = buildPlan(inp, planOptionsFrom({ maxAge: '1d', maxDelete: String(n - 10) }));
    expect(plan.summary.evictCount).toBe(n - 10);
    expect(plan.summary.cappedCount).toBe(10);
  });

  test('safety reasons are untouched by the cap', () => {
    const inp = input(950);
    const u = new Map(inp.usage);
    u.set('e09', { ...u.get('e09')!, inUse: ['open by pid 1'] });
    const plan = buildPlan({ ...inp, usage: u }, planOptionsFrom({ strategy: 'lru', threshold: '90%', maxDelete: '1', minAge: '1m' }));
    expect(plan.entries.find((e) => e.entry.name === 'e09')!.reason).toBe('in-use');
    expect(plan.entries.filter((e) => e.decision === 'evict').map((e) => e.entry.name)).toEqual(['e08']);
  });
});
