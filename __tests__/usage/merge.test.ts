import { mergeUsage, usageFromTimes } from '../../src/usage/merge.js';
import type { UsageSignal } from '../../src/usage/signal.js';
import type { Entry, Usage } from '../../src/shared/types.js';
import fc from 'fast-check';
import { NOW, makeEntry } from '../helpers/fixtures.js';
import { DAY, HOUR, MINUTE } from '../helpers/units.js';

const a = makeEntry('a', { mtimeMs: NOW - 3 * DAY, atimeMs: NOW - DAY });
const b = makeEntry('b', { mtimeMs: NOW - 2 * DAY, atimeMs: NOW - 5 * DAY });
const entries = [a, b];

describe('usageFromTimes', () => {
  it('takes the newest of mtime and atime', () => {
    expect(usageFromTimes(a)).toEqual({ lastUsedMs: NOW - DAY, hits: 0, inUse: [], pinned: false });
    expect(usageFromTimes(b).lastUsedMs).toBe(NOW - 2 * DAY);
  });

  it('ignores atime with noAtime', () => {
    expect(usageFromTimes(a, { noAtime: true }).lastUsedMs).toBe(NOW - 3 * DAY);
  });
});

describe('mergeUsage', () => {
  it('gives every entry a usage, from its times when nothing else is known', () => {
    const m = mergeUsage(entries, []);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect(m.get('a')).toEqual({ lastUsedMs: NOW - DAY, hits: 0, inUse: [], pinned: false });
  });

  it('keeps the newest lastUsed of every source', () => {
    const signals: UsageSignal[] = [
      { name: 'a', lastUsedMs: NOW - HOUR },
      { name: 'a', lastUsedMs: NOW - 2 * HOUR },
      { name: 'b', lastUsedMs: NOW - 10 * DAY }, // older than the file times: the times win
    ];
    const m = mergeUsage(entries, signals);
    expect(m.get('a')!.lastUsedMs).toBe(NOW - HOUR);
    expect(m.get('b')!.lastUsedMs).toBe(NOW - 2 * DAY);
  });

  it('with noAtime, a recent read time does not count, but other signals still do', () => {
    const m = mergeUsage(entries, [{ name: 'b', lastUsedMs: NOW - 4 * DAY }], { noAtime: true });
    expect(m.get('a')!.lastUsedMs).toBe(NOW - 3 * DAY);
    expect(m.get('b')!.lastUsedMs).toBe(NOW - 2 * DAY);
    const n = mergeUsage(entries, [{ name: 'a', lastUsedMs: NOW - MINUTE }], { noAtime: true });
    expect(n.get('a')!.lastUsedMs).toBe(NOW - MINUTE);
  });

  it('adds hits up and keeps hit times in order', () => {
    const m = mergeUsage(entries, [
      { name: 'a', hits: 3, hitTimesMs: [NOW - 3 * HOUR, NOW - HOUR] },
      { name: 'a', hits: 2, hitTimesMs: [NOW - 2 * HOUR] },
      { name: 'b', hits: 0 },
    ]);
    expect(m.get('a')!.hits).toBe(5);
    expect(m.get('a')!.hitTimesMs).toEqual([NOW - 3 * HOUR, NOW - 2 * HOUR, NOW - HOUR]);
    expect(m.get('b')!.hits).toBe(0);
    expect(m.get('b')!.hitTimesMs).toBeUndefined();
  });

  it('keeps the earliest firstSeen', () => {
    const m = mergeUsage(entries, [
      { name: 'a', firstSeenMs: NOW - 2 * DAY },
      { name: 'a', firstSeenMs: NOW - 9 * DAY },
      { name: 'a', firstSeenMs: NOW - 4 * DAY },
    ]);
    expect(m.get('a')!.firstSeenMs).toBe(NOW - 9 * DAY);
    expect(m.get('b')!.firstSeenMs).toBeUndefined();
  });

  it('accumulates in-use reasons without duplicates, and pins if any source pins', () => {
    const m = mergeUsage(entries, [
      { name: 'a', inUse: ['backing file of instance 1'] },
      { name: 'a', inUse: ['open by pid 9', 'backing file of instance 1'] },
      { name: 'a', pinned: false },
      { name: 'b', pinned: true },
      { name: 'b', pinned: false },
    ]);
    expect(m.get('a')!.inUse).toEqual(['backing file of instance 1', 'open by pid 9']);
    expect(m.get('a')!.pinned).toBe(false);
    expect(m.get('b')!.pinned).toBe(true);
    expect(m.get('b')!.inUse).toEqual([]);
  });

  it('applies a signal with name null to every entry', () => {
    const m = mergeUsage(entries, [
      { name: null, inUse: ['instance disks could not be read: treating everything as in use'] },
      { name: 'a', inUse: ['open by pid 9'] },
      { name: null, lastUsedMs: NOW - 30 * MINUTE, hits: 1 },
    ]);
    for (const n of ['a', 'b']) {
      expect(m.get(n)!.inUse).toContain('instance disks could not be read: treating everything as in use');
      expect(m.get(n)!.lastUsedMs).toBe(NOW - 30 * MINUTE);
      expect(m.get(n)!.hits).toBe(1);
    }
    expect(m.get('a')!.inUse).toHaveLength(2);
    expect(m.get('b')!.inUse).toHaveLength(1);
  });

  it('ignores signals about names that are not entries', () => {
    const m = mergeUsage(entries, [{ name: 'gone', inUse: ['x'], pinned: true }]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect(m.get('a')!.inUse).toEqual([]);
  });

  it('does not let one entry share state with another (each gets its own arrays)', () => {
    const m = mergeUsage(entries, [{ name: 'a', inUse: ['x'] }]);
    expect(m.get('b')!.inUse).toEqual([]);
  });
});

/** mergeUsage as it was written before it made each usage in one go: a fresh usage per entry, grown signal by signal. */
function mergeOneByOne(entries: readonly Entry[], signals: readonly UsageSignal[], noAtime: boolean): Map<string, Usage> {
  const out = new Map<string, Usage>();
  for (const e of entries) out.set(e.name, { lastUsedMs: noAtime ? e.mtimeMs : Math.max(e.mtimeMs, e.atimeMs), hits: 0, inUse: [], pinned: false });
  const apply = (u: Usage, s: UsageSignal): void => {
    if (s.lastUsedMs !== undefined && s.lastUsedMs > u.lastUsedMs) u.lastUsedMs = s.lastUsedMs;
    if (s.hits) u.hits += s.hits;
    if (s.hitTimesMs?.length) u.hitTimesMs = [...(u.hitTimesMs ?? []), ...s.hitTimesMs].sort((a, b) => a - b);
    if (s.firstSeenMs !== undefined && (u.firstSeenMs === undefined || s.firstSeenMs < u.firstSeenMs)) u.firstSeenMs = s.firstSeenMs;
    if (s.refetches !== undefined) u.refetches = Math.max(u.refetches ?? 0, s.refetches);
    if (s.returnGapMs !== undefined) u.returnGapMs = s.returnGapMs;
    if (s.inUse?.length) for (const r of s.inUse) if (!u.inUse.includes(r)) u.inUse.push(r);
    if (s.pinned) {
      const endless = (u.pinned && u.pinnedUntilMs === undefined) || s.pinnedUntilMs === undefined;
      if (endless) delete u.pinnedUntilMs;
      else u.pinnedUntilMs = Math.max(u.pinnedUntilMs ?? 0, s.pinnedUntilMs!);
      u.pinned = true;
    }
  };
  for (const s of signals) {
    if (s.name === null) for (const u of out.values()) apply(u, s);
    else if (out.has(s.name)) apply(out.get(s.name)!, s);
  }
  return out;
}

describe('mergeUsage against merging one signal at a time', () => {
  it('gives the same usages, in the same order, whatever the signals, their order and the order of the entries', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const time = fc.integer({ min: 0, max: 50 });
    const signal = fc.record(
      {
        name: fc.oneof(fc.constantFrom(...names, 'gone'), fc.constant(null)),
        lastUsedMs: time,
        hits: fc.integer({ min: 0, max: 3 }),
        hitTimesMs: fc.array(time, { maxLength: 3 }),
        firstSeenMs: time,
        refetches: fc.nat(3),
        returnGapMs: time,
        inUse: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }),
        pinned: fc.boolean(),
        pinnedUntilMs: time,
      },
      { requiredKeys: ['name'] },
    );
    const entryList = fc.array(fc.record({ name: fc.constantFrom(...names), m: time, a: time }), { maxLength: 6 });
    fc.assert(
      fc.property(entryList, fc.array(signal, { maxLength: 12 }), fc.boolean(), fc.boolean(), (es, signals, noAtime, sort) => {
        const entries = es.map((e) => makeEntry(e.name, { mtimeMs: e.m, atimeMs: e.a }));
        if (sort) entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        const got = mergeUsage(entries, signals as UsageSignal[], { noAtime });
        const want = mergeOneByOne(entries, signals as UsageSignal[], noAtime);
        expect([...got.entries()]).toStrictEqual([...want.entries()]);
      }),
      { numRuns: 500 },
    );
  });

  it('makes no array per entry that nothing holds, and keeps a source\'s hit times in order as they are (memory at a million entries)', () => {
    const hitTimesMs = [NOW - 2 * HOUR, NOW - HOUR];
    const m = mergeUsage(entries, [{ name: 'a', hits: 2, hitTimesMs, firstSeenMs: NOW - DAY }]);
    expect(m.get('a')!.inUse).toBe(m.get('b')!.inUse);
    expect(Object.isFrozen(m.get('b')!.inUse)).toBe(true);
    expect(m.get('a')!.hitTimesMs).toBe(hitTimesMs);
  });

  it('shares no array a later merge could write into another entry', () => {
    const m = mergeUsage(entries, [{ name: 'a', inUse: ['x'] }, { name: null, inUse: ['y'] }]);
    expect(m.get('a')!.inUse).toEqual(['x', 'y']);
    expect(m.get('b')!.inUse).toEqual(['y']);
    expect(m.get('a')!.inUse).not.toBe(m.get('b')!.inUse);
  });
});
