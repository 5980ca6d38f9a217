import { mergeUsage, usageFromTimes } from '../../src/usage/merge.js';
import type { UsageSignal } from '../../src/usage/signal.js';
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
