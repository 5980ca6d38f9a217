import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { afterFreeing } from '../../src/plan/trigger.js';
import type { Plan, PlannedEntry } from '../../src/plan/types.js';
import type { Reason } from '../../src/shared/types.js';
import { NOW, dfFigures, diskOf, makeEntry, makeInput, makeOptions, usageOf } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR, MINUTE, MiB } from '../helpers/units.js';

const byName = (plan: Plan): Map<string, PlannedEntry> => new Map(plan.entries.map((p) => [p.entry.name, p]));
const decisions = (plan: Plan): Record<string, string> =>
  Object.fromEntries(plan.entries.map((p) => [p.entry.name, `${p.decision} ${p.reason}`]));
const victims = (plan: Plan): string[] => plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name);

describe('buildPlan: an artifact cache under the default age strategy', () => {
  // Every safety reason and both age outcomes in one realistic cache.
  const entries = [
    makeEntry('ubuntu-22.04.img', { bytes: 2 * GiB, idleMs: 10 * DAY }),
    makeEntry('debian-12.img', { bytes: GiB, idleMs: 3 * DAY }),
    makeEntry('fresh.img', { bytes: GiB, idleMs: 2 * HOUR }),
    makeEntry('just-written.img', { bytes: GiB, idleMs: 2 * MINUTE }),
    makeEntry('golden-rhel9.img', { bytes: 5 * GiB, idleMs: 30 * DAY }),
    makeEntry('busy.img', { bytes: 3 * GiB, idleMs: 5 * DAY }),
    makeEntry('pinned.img', { bytes: GiB, idleMs: 20 * DAY }),
    makeEntry('download.img.part', { bytes: 700 * MiB, idleMs: HOUR, partial: true }),
    makeEntry('old-download.iso.part', { bytes: 300 * MiB, idleMs: 3 * DAY, partial: true }),
    makeEntry('current', { kind: 'symlink', bytes: 0, idleMs: 40 * DAY, unknownWhy: 'symlink (never followed)' }),
    makeEntry('build-tree', { kind: 'dir', bytes: 4 * GiB, idleMs: 2 * DAY }),
  ];
  const usage = usageOf(entries, {
    'busy.img': { inUse: ['open by pid 4242 (qemu-system-x86)'] },
    'pinned.img': { pinned: true },
  });
  const opts = planOptionsFrom({ protect: ['golden-*'] });
  const plan = buildPlan(makeInput(entries, { usage }), opts);

  it('gives every entry one decision with the right reason', () => {
    expect(decisions(plan)).toEqual({
      'ubuntu-22.04.img': 'evict expired',
      'debian-12.img': 'evict expired',
      'build-tree': 'evict expired',
      'old-download.iso.part': 'evict expired',
      'fresh.img': 'keep not-expired',
      'just-written.img': 'keep too-young',
      'golden-rhel9.img': 'keep protected',
      'busy.img': 'keep in-use',
      'pinned.img': 'keep pinned',
      'download.img.part': 'keep partial',
      current: 'keep unknown',
    });
    expect(plan.entries).toHaveLength(entries.length);
  });

  it('lists victims first in eviction order (stale partials, then longest idle), numbered 1..n; then the kept by name', () => {
    expect(plan.entries.map((p) => [p.entry.name, p.order])).toEqual([
      ['old-download.iso.part', 1],
      ['ubuntu-22.04.img', 2],
      ['debian-12.img', 3],
      ['build-tree', 4],
      ['busy.img', undefined],
      ['current', undefined],
      ['download.img.part', undefined],
      ['fresh.img', undefined],
      ['golden-rhel9.img', undefined],
      ['just-written.img', undefined],
      ['pinned.img', undefined],
    ]);
  });

  it('explains the reasons in detail', () => {
    const m = byName(plan);
    expect(m.get('busy.img')!.detail).toBe('open by pid 4242 (qemu-system-x86)');
    expect(m.get('current')!.detail).toBe('symlink (never followed)');
    expect(m.get('old-download.iso.part')!.detail).toMatch(/stale partial/);
    expect(m.get('ubuntu-22.04.img')!.detail).toBe('idle 10d, max-age 1d');
  });

  it('describes the trigger as expiry with the max-age, and sums what it evicts', () => {
    expect(plan.strategy).toBe('age');
    expect(plan.trigger).toEqual({ kind: 'expiry', threshold: null, target: null, reached: true, maxAgeSeconds: 86400 });
    const evictBytes = 2 * GiB + GiB + 4 * GiB + 300 * MiB;
    expect(plan.summary).toEqual({
      entries: 11,
      evictCount: 4,
      evictBytes,
      keepCount: 7,
      keepBytes: entries.reduce((s, e) => s + e.bytes, 0) - evictBytes,
      shortfallBytes: 0,
    });
  });

  it('reports before and after figures: the disk and cache lose exactly what is evicted', () => {
    const input = makeInput(entries, { usage });
    expect(plan.before).toEqual({
      cacheBytes: input.cacheBytes,
      diskUsedBytes: input.disk.usedBytes,
      diskAvailableBytes: input.disk.availableBytes,
      diskUsedPercent: input.disk.usedPercent,
    });
    expect(plan.after).toEqual(afterFreeing(plan.before, plan.summary.evictBytes));
    expect(plan.after.cacheBytes).toBe(plan.before.cacheBytes - plan.summary.evictBytes);
    expect(plan.after.diskAvailableBytes).toBe(plan.before.diskAvailableBytes + plan.summary.evictBytes);
  });

  it('is deterministic whatever the order of the entries', () => {
    const again = buildPlan(makeInput([...entries].reverse(), { usage }), opts);
    expect(decisions(again)).toEqual(decisions(plan));
    expect(again.entries.map((p) => p.entry.name)).toEqual(plan.entries.map((p) => p.entry.name));
  });
});

describe('buildPlan: safety reasons', () => {
  it('takes in-use over pinned over protected over unknown over partial over too-young', () => {
    const entries = ['a', 'b', 'c', 'd', 'e'].map((n) =>
      makeEntry(`${n}.part`, { partial: true, idleMs: n === 'e' ? MINUTE : 30 * DAY, ...(n <= 'd' ? { unknownWhy: 'odd' } : {}) }),
    );
    const usage = usageOf(entries, {
      'a.part': { inUse: ['x'], pinned: true },
      'b.part': { pinned: true },
      'e.part': { idleMs: MINUTE },
    });
    const opts = makeOptions({ isProtected: (n) => n === 'a.part' || n === 'b.part' || n === 'c.part' });
    expect(decisions(buildPlan(makeInput(entries, { usage }), opts))).toEqual({
      'a.part': 'keep in-use',
      'b.part': 'keep pinned',
      'c.part': 'keep protected',
      'd.part': 'keep unknown',
      'e.part': 'keep partial',
    });
  });

  it('keeps entries used in the future (clock skew) as too young', () => {
    const e = makeEntry('from-the-future', { mtimeMs: NOW + HOUR, atimeMs: NOW + HOUR });
    const p = buildPlan(makeInput([e]), makeOptions({ maxAgeMs: 0, minAgeMs: MINUTE }));
    expect(decisions(p)).toEqual({ 'from-the-future': 'keep too-young' });
    expect(p.entries[0]!.idleMs).toBe(0);
  });

  it('keeps what is idle less than --min-age even when it has expired by --max-age', () => {
    const entries = [makeEntry('a', { idleMs: 30 * MINUTE }), makeEntry('b', { idleMs: 90 * MINUTE })];
    const p = buildPlan(makeInput(entries), makeOptions({ maxAgeMs: 10 * MINUTE, minAgeMs: HOUR }));
    expect(decisions(p)).toEqual({ a: 'keep too-young', b: 'evict expired' });
  });

  it('expires a partial download only once idle for --stale-partial-age and --min-age', () => {
    const entries = [
      makeEntry('a.part', { partial: true, idleMs: 23 * HOUR }),
      makeEntry('b.part', { partial: true, idleMs: DAY }),
      makeEntry('c.tmp', { partial: true, idleMs: 90 * MINUTE }),
    ];
    expect(decisions(buildPlan(makeInput(entries), makeOptions()))).toEqual({
      'a.part': 'keep partial',
      'b.part': 'evict expired',
      'c.tmp': 'keep partial',
    });
    // A stale-partial age shorter than the grace period does not beat the grace period.
    expect(decisions(buildPlan(makeInput(entries), makeOptions({ stalePartialAgeMs: HOUR, minAgeMs: 2 * HOUR })))).toEqual({
      'a.part': 'evict expired',
      'b.part': 'evict expired',
      'c.tmp': 'keep partial',
    });
  });

  it('falls back to the file times when no usage was gathered for an entry', () => {
    const entries = [
      makeEntry('old', { mtimeMs: NOW - 5 * DAY, atimeMs: NOW - 4 * DAY }),
      makeEntry('read-recently', { mtimeMs: NOW - 5 * DAY, atimeMs: NOW - HOUR }),
    ];
    const p = buildPlan(makeInput(entries, { usage: new Map() }), makeOptions());
    expect(decisions(p)).toEqual({ old: 'evict expired', 'read-recently': 'keep not-expired' });
    expect(byName(p).get('old')!.idleMs).toBe(4 * DAY);
  });
});

describe('buildPlan: percentage threshold (lru)', () => {
  // 1 MiB blocks: 1000 in all, 150 free of which 50 reserved for root. df: used 850, Use% 850 / 950 = 89.47%.
  const disk = dfFigures({ blocks: 1000, bfree: 150, bavail: 100, bsize: MiB });
  const entries = Array.from({ length: 12 }, (_, i) => makeEntry(`layer-${String(i).padStart(2, '0')}`, { bytes: 10 * MiB, idleMs: (30 - i) * HOUR }));

  it('is reached as df computes Use% (not used / blocks, which is 85%)', () => {
    const p = buildPlan(makeInput(entries, { disk }), planOptionsFrom({ strategy: 'lru', threshold: '88%', target: '83%' }));
    expect(p.trigger).toEqual({ kind: 'percent', threshold: 88, target: 83, reached: true, maxAgeSeconds: null });
    // 83% of 950 MiB is 788.5 MiB: 61.5 MiB to free, so 7 entries of 10 MiB, least recently used first.
    expect(victims(p)).toEqual(['layer-00', 'layer-01', 'layer-02', 'layer-03', 'layer-04', 'layer-05', 'layer-06']);
    for (const v of p.entries.filter((x) => x.decision === 'evict')) expect(v.reason).toBe('over-threshold');
    for (const k of p.entries.filter((x) => x.decision === 'keep')) expect(k.reason).toBe('target-met');
    expect(p.after.diskUsedBytes).toBe(780 * MiB);
    expect(p.after.diskUsedPercent).toBeCloseTo((780 * 100) / 950, 10);
    expect(p.after.diskUsedPercent).toBeLessThanOrEqual(83);
    expect(p.summary.shortfallBytes).toBe(0);
  });

  it('keeps everything below the threshold', () => {
    const p = buildPlan(makeInput(entries, { disk }), planOptionsFrom({ strategy: 'lru', threshold: '90%' }));
    expect(p.trigger.reached).toBe(false);
    expect(p.trigger.target).toBe(85);
    expect(new Set(p.entries.map((x) => `${x.decision} ${x.reason}`))).toEqual(new Set(['keep below-threshold']));
    expect(p.summary.evictCount).toBe(0);
    expect(p.after).toEqual(p.before);
  });

  it('stops exactly at the target: an entry that gets there is the last one', () => {
    // 1000 MiB disk, 880 used: 80% is 800 MiB, so exactly 80 MiB = 8 entries.
    const p = buildPlan(makeInput(entries, { disk: diskOf(880 * MiB, 120 * MiB) }), planOptionsFrom({ strategy: 'lru', threshold: '85%' }));
    expect(p.summary.evictCount).toBe(8);
    expect(p.after.diskUsedPercent).toBe(80);
  });
});

describe('buildPlan: size threshold and min-free', () => {
  const entries = [
    makeEntry('a', { bytes: 40 * GiB, idleMs: 2 * DAY }),
    makeEntry('b', { bytes: 25 * GiB, idleMs: 5 * DAY }),
    makeEntry('c', { bytes: 10 * GiB, idleMs: 9 * DAY }),
    makeEntry('d', { bytes: 30 * GiB, idleMs: HOUR }),
    makeEntry('e', { bytes: 15 * GiB, idleMs: 3 * DAY }),
  ];

  it('size trigger: compares the cache size and evicts down to the target in strategy order', () => {
    // 120 GiB of cache, threshold 100G, target 90G: 30 GiB to free.
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'lru', threshold: '100G' }));
    expect(p.trigger).toMatchObject({ kind: 'size', threshold: 100 * GiB, target: 90 * GiB, reached: true });
    expect(victims(p)).toEqual(['c', 'b']); // 10 + 25 >= 30
    expect(p.after.cacheBytes).toBe(85 * GiB);
    const bySize = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'size', threshold: '100G' }));
    expect(victims(bySize)).toEqual(['a']); // 40 >= 30
    expect(decisions(bySize)).toMatchObject({ a: 'evict over-threshold', b: 'keep target-met', d: 'keep target-met' });
  });

  it('size trigger not reached: nothing goes', () => {
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'size', threshold: '121G' }));
    expect(p.summary.evictCount).toBe(0);
    expect(p.entries.every((x) => x.reason === 'below-threshold')).toBe(true);
  });

  it('min-free: evicts until that much is available', () => {
    const disk = diskOf(995 * GiB, 5 * GiB);
    const p = buildPlan(makeInput(entries, { disk }), planOptionsFrom({ strategy: 'lru', minFree: '20G' }));
    expect(p.trigger).toMatchObject({ kind: 'min-free', threshold: 20 * GiB, target: 20 * GiB, reached: true });
    expect(victims(p)).toEqual(['c', 'b']); // 10 < 15, 10 + 25 >= 15
    expect(p.after.diskAvailableBytes).toBe(40 * GiB);
    const enough = buildPlan(makeInput(entries, { disk: diskOf(980 * GiB, 20 * GiB) }), planOptionsFrom({ strategy: 'lru', minFree: '20G' }));
    expect(enough.trigger.reached).toBe(false);
    expect(enough.summary.evictCount).toBe(0);
  });
});

describe('buildPlan: expiry and pressure together', () => {
  const entries = [
    makeEntry('huge-recent', { bytes: 50 * GiB, idleMs: HOUR }),
    makeEntry('big', { bytes: 30 * GiB, idleMs: 2 * DAY }),
    makeEntry('small-ancient', { bytes: 8 * GiB, idleMs: 40 * DAY }),
    makeEntry('medium-old', { bytes: 12 * GiB, idleMs: 10 * DAY }),
    makeEntry('stale.part', { bytes: 2 * GiB, idleMs: 2 * DAY, partial: true }),
  ];

  it('decides expired entries first and counts what they free toward the target', () => {
    // 102 GiB of cache, threshold 100G, target 80G: 22 GiB to free. Stale partial 2 + expired (max-age 7d) 8 + 12 = 22.
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'size', threshold: '100G', target: '80G', maxAge: '7d' }));
    expect(p.entries.map((x) => [x.entry.name, x.decision, x.reason, x.order])).toEqual([
      ['stale.part', 'evict', 'expired', 1],
      ['medium-old', 'evict', 'expired', 2],
      ['small-ancient', 'evict', 'expired', 3],
      ['big', 'keep', 'target-met', undefined],
      ['huge-recent', 'keep', 'target-met', undefined],
    ]);
    expect(p.trigger.maxAgeSeconds).toBe(7 * 86400);
  });

  it('follows with pressure evictions in strategy order for what expiry did not free', () => {
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'size', threshold: '100G', target: '70G', maxAge: '7d' }));
    // 32 GiB to free: 22 expired, then the largest: huge-recent (50).
    expect(victims(p)).toEqual(['stale.part', 'medium-old', 'small-ancient', 'huge-recent']);
    expect(byName(p).get('huge-recent')!.reason).toBe('over-threshold');
    expect(byName(p).get('big')!.reason).toBe('target-met');
  });

  it('evicts expired entries whatever the usage when the threshold is not reached', () => {
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'lru', threshold: '500G', maxAge: '7d' }));
    expect(decisions(p)).toEqual({
      'stale.part': 'evict expired',
      'small-ancient': 'evict expired',
      'medium-old': 'evict expired',
      big: 'keep below-threshold',
      'huge-recent': 'keep below-threshold',
    });
  });

  it('a pressure strategy with only --max-age keeps the rest as not-expired', () => {
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'lru', maxAge: '7d' }));
    expect(p.trigger).toEqual({ kind: 'expiry', threshold: null, target: null, reached: true, maxAgeSeconds: 7 * 86400 });
    expect(decisions(p)).toMatchObject({ big: 'keep not-expired', 'huge-recent': 'keep not-expired', 'medium-old': 'evict expired' });
  });
});

describe('buildPlan: shortfall', () => {
  it('evicts every eligible entry in order and reports what is missing when the target cannot be met', () => {
    const entries = [
      makeEntry('old', { bytes: 10 * GiB, idleMs: 9 * DAY }),
      makeEntry('older', { bytes: 20 * GiB, idleMs: 12 * DAY }),
      makeEntry('in-use', { bytes: 300 * GiB, idleMs: 30 * DAY }),
      makeEntry('protected', { bytes: 200 * GiB, idleMs: 30 * DAY }),
      makeEntry('young', { bytes: 100 * GiB, idleMs: MINUTE }),
    ];
    const usage = usageOf(entries, { 'in-use': { inUse: ['backing file of instance 8d1c'] } });
    // 1000 GiB disk at 95%: 80% needs 150 GiB freed; only 30 GiB may go.
    const p = buildPlan(
      makeInput(entries, { usage, disk: diskOf(950 * GiB, 50 * GiB) }),
      planOptionsFrom({ strategy: 'lru', threshold: '85%', target: '80%', protect: ['protected'] }),
    );
    expect(p.entries.map((x) => [x.entry.name, x.decision, x.reason, x.order])).toEqual([
      ['older', 'evict', 'over-threshold', 1],
      ['old', 'evict', 'over-threshold', 2],
      ['in-use', 'keep', 'in-use', undefined],
      ['protected', 'keep', 'protected', undefined],
      ['young', 'keep', 'too-young', undefined],
    ]);
    expect(p.summary.evictBytes).toBe(30 * GiB);
    expect(p.summary.shortfallBytes).toBe(120 * GiB);
    expect(p.after.diskUsedPercent).toBe(92);
  });

  it('has no shortfall when the target is met exactly', () => {
    const entries = [makeEntry('a', { bytes: 100 * GiB }), makeEntry('b', { bytes: 50 * GiB, idleMs: 3 * DAY })];
    const p = buildPlan(makeInput(entries, { disk: diskOf(950 * GiB, 50 * GiB) }), planOptionsFrom({ strategy: 'lru', threshold: '85%', target: '80%' }));
    expect(victims(p)).toEqual(['b', 'a']);
    expect(p.summary.shortfallBytes).toBe(0);
    expect(p.after.diskUsedPercent).toBe(80);
  });
});

describe('buildPlan: the age strategy with a threshold', () => {
  const entries = [makeEntry('expired', { bytes: GiB, idleMs: 3 * DAY }), makeEntry('recent', { bytes: GiB, idleMs: 3 * HOUR })];

  it('keeps expired entries below the threshold', () => {
    const p = buildPlan(makeInput(entries, { disk: diskOf(70 * GiB, 30 * GiB) }), planOptionsFrom({ threshold: '85%' }));
    expect(decisions(p)).toEqual({ expired: 'keep below-threshold', recent: 'keep below-threshold' });
    expect(p.trigger).toEqual({ kind: 'percent', threshold: 85, target: null, reached: false, maxAgeSeconds: 86400 });
  });

  it('evicts expired entries (and only those) once the threshold is reached, whatever is freed', () => {
    const p = buildPlan(makeInput(entries, { disk: diskOf(90 * GiB, 10 * GiB) }), planOptionsFrom({ threshold: '85%' }));
    expect(decisions(p)).toEqual({ expired: 'evict expired', recent: 'keep not-expired' });
    expect(p.trigger.reached).toBe(true);
    expect(p.summary.shortfallBytes).toBe(0);
  });

  it('still expires stale partial downloads below the threshold (they are not the strategy’s to gate)', () => {
    const withPartial = [...entries, makeEntry('x.part', { partial: true, idleMs: 2 * DAY })];
    const p = buildPlan(makeInput(withPartial, { disk: diskOf(70 * GiB, 30 * GiB) }), planOptionsFrom({ threshold: '85%' }));
    expect(decisions(p)['x.part']).toBe('evict expired');
  });
});

describe('buildPlan: per-class max-age', () => {
  const entries = [
    makeEntry('0a1b2c_10', { class: 'resized', defaultMaxAgeMs: HOUR, idleMs: 2 * HOUR }),
    makeEntry('0a1b2c', { class: 'original', idleMs: 2 * HOUR }),
    makeEntry('3d4e5f', { class: 'original', idleMs: 4 * HOUR }),
    makeEntry('9f8e7d_20', { class: 'resized', defaultMaxAgeMs: HOUR, idleMs: 30 * MINUTE }),
  ];

  it('the age strategy honours a class default max-age', () => {
    expect(decisions(buildPlan(makeInput(entries), planOptionsFrom({})))).toEqual({
      '0a1b2c_10': 'evict expired',
      '0a1b2c': 'keep not-expired',
      '3d4e5f': 'keep not-expired',
      '9f8e7d_20': 'keep not-expired',
    });
  });

  it('an explicit --max-age overrides the class default', () => {
    expect(decisions(buildPlan(makeInput(entries), planOptionsFrom({ maxAge: '3h' })))).toEqual({
      '0a1b2c_10': 'keep not-expired',
      '0a1b2c': 'keep not-expired',
      '3d4e5f': 'evict expired',
      '9f8e7d_20': 'keep not-expired',
    });
  });

  it('pressure strategies ignore class defaults (they expire only by an explicit --max-age)', () => {
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'lru', threshold: '100G' }));
    expect(p.entries.every((x) => x.reason === 'below-threshold')).toBe(true);
  });
});

describe('buildPlan: hard-linked entries', () => {
  it('counts an entry whose inodes stay linked elsewhere as freeing nothing', () => {
    const entries = [
      makeEntry('linked', { bytes: 0, allocatedBytes: 8 * GiB, apparentBytes: 8 * GiB, idleMs: 9 * DAY }),
      makeEntry('plain', { bytes: 2 * GiB, idleMs: 5 * DAY }),
    ];
    const p = buildPlan(makeInput(entries), makeOptions());
    expect(victims(p)).toEqual(['linked', 'plain']);
    expect(p.summary.evictBytes).toBe(2 * GiB);
    expect(p.after.cacheBytes).toBe(p.before.cacheBytes - 2 * GiB);
  });

  it('does not count it toward a target: the entries after it are still needed', () => {
    const entries = [
      makeEntry('linked', { bytes: 0, allocatedBytes: 8 * GiB, idleMs: 9 * DAY }),
      makeEntry('b', { bytes: 2 * GiB, idleMs: 5 * DAY }),
      makeEntry('c', { bytes: 2 * GiB, idleMs: 4 * DAY }),
      makeEntry('d', { bytes: 2 * GiB, idleMs: 3 * DAY }),
    ];
    // 1000 GiB disk at 80.3%: target 80% needs 3 GiB.
    const p = buildPlan(makeInput(entries, { disk: diskOf(803 * GiB, 197 * GiB) }), planOptionsFrom({ strategy: 'lru', threshold: '80%', target: '80%' }));
    expect(p.summary.evictBytes).toBe(4 * GiB);
    expect(victims(p)).toContain('b');
    expect(victims(p)).toContain('c');
    expect(decisions(p).d).toBe('keep target-met');
  });
});

describe('buildPlan: every reason code', () => {
  it('produces each code of DESIGN.md section 2 somewhere in these scenarios', () => {
    const seen = new Set<Reason>();
    const note = (p: Plan): void => p.entries.forEach((x) => seen.add(x.reason));
    const entries = [
      makeEntry('in-use', { idleMs: 9 * DAY }),
      makeEntry('pinned', { idleMs: 9 * DAY }),
      makeEntry('protected', { idleMs: 9 * DAY }),
      makeEntry('young', { idleMs: MINUTE }),
      makeEntry('p.part', { partial: true, idleMs: HOUR }),
      makeEntry('q.part', { partial: true, idleMs: 2 * DAY }),
      makeEntry('link', { kind: 'symlink', unknownWhy: 'symlink' }),
      makeEntry('old', { bytes: 10 * GiB, idleMs: 9 * DAY }),
      makeEntry('new', { bytes: 10 * GiB, idleMs: HOUR }),
    ];
    const usage = usageOf(entries, { 'in-use': { inUse: ['lock held'] }, pinned: { pinned: true } });
    const protect = ['protected'];
    note(buildPlan(makeInput(entries, { usage }), planOptionsFrom({ protect })));
    note(buildPlan(makeInput(entries, { usage }), planOptionsFrom({ strategy: 'lru', threshold: '1T', protect })));
    note(buildPlan(makeInput(entries, { usage, disk: diskOf(90 * GiB, 10 * GiB) }), planOptionsFrom({ strategy: 'lru', threshold: '85%', protect })));
    const all: Reason[] = ['expired', 'over-threshold', 'in-use', 'pinned', 'protected', 'too-young', 'partial', 'unknown', 'below-threshold', 'target-met', 'not-expired'];
    expect([...seen].sort()).toEqual([...all].sort());
  });
});
