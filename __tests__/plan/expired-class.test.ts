import { buildPlan } from '../../src/plan/build.js';
import { planOptionsFrom } from '../../src/config/options.js';
import type { Entry, Usage } from '../../src/shared/types.js';
import { fakeEntry } from '../helpers/fixtures.js';
import { HOUR } from '../helpers/units.js';

const now = 100 * HOUR;

function invalid(name: string, idleMs: number): Entry {
  return { ...fakeEntry(name, 4096, now - idleMs), class: 'invalid', expiredWhy: 'in invalid/: Glance could not verify it' };
}

function plan(entries: Entry[], flags: Parameters<typeof planOptionsFrom>[0], usage = new Map<string, Usage>()) {
  return buildPlan({ root: '/srv/cache', layout: 'glance', entries, usage, cacheBytes: 0, disk: { usedBytes: 10, availableBytes: 90, usedPercent: 10 }, now }, planOptionsFrom(flags));
}
const decisions = (p: ReturnType<typeof plan>) => Object.fromEntries(p.entries.map((e) => [e.entry.name, `${e.decision} ${e.reason}`]));

describe('entries a layout says are expired', () => {
  it('are evicted as expired whatever the strategy, max-age or trigger', () => {
    // The image was read an hour ago, after its write: a used entry, not a warm one.
    const es = [invalid('bad', HOUR), fakeEntry('image', 4096, now - HOUR, { mtimeMs: now - 2 * HOUR })];
    // age with a threshold that is not reached: nothing else expires, the invalid entry still goes.
    expect(decisions(plan(es, { threshold: '90%' }))).toEqual({ bad: 'evict expired', image: 'keep below-threshold' });
    // a pressure strategy below its threshold.
    expect(decisions(plan(es, { strategy: 'lru', threshold: '90%' }))).toEqual({ bad: 'evict expired', image: 'keep below-threshold' });
    // far below max-age.
    expect(decisions(plan(es, { maxAge: '30d' }))).toEqual({ bad: 'evict expired', image: 'keep not-expired' });
    expect(plan(es, { maxAge: '30d' }).entries[0]!.detail).toBe('in invalid/: Glance could not verify it');
  });

  it('are still kept for safety: too young (the --min-age grace), pinned, in use, protected', () => {
    const usage = new Map<string, Usage>([
      ['pinned', { lastUsedMs: now - HOUR, hits: 0, inUse: [], pinned: true }],
      ['busy', { lastUsedMs: now - HOUR, hits: 0, inUse: ['open by pid 7'], pinned: false }],
    ]);
    const es = [invalid('fresh', 60_000), invalid('pinned', HOUR), invalid('busy', HOUR), invalid('kept', HOUR)];
    expect(decisions(plan(es, { protect: ['kept'] }, usage))).toEqual({
      fresh: 'keep too-young',
      pinned: 'keep pinned',
      busy: 'keep in-use',
      kept: 'keep protected',
    });
  });
});
