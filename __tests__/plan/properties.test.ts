/**
 * Property-based tests of the planner's invariants (DESIGN.md section 2), on random caches, usage, disks and options.
 * The expectations are computed here from the inputs, not taken from the planner's own reasons.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan, PlanInput, PlanOptions, TriggerSpec } from '../../src/plan/types.js';
import { getStrategy } from '../../src/policy/registry.js';
import type { Candidate } from '../../src/policy/strategy.js';
import { KEEP_FOR_SAFETY, type Entry, type Usage } from '../../src/shared/types.js';
import { NOW, diskOf, makeEntry, makeUsage } from '../helpers/fixtures.js';
import { DAY, HOUR, MINUTE, MiB } from '../helpers/units.js';

const RUNS = 500;

// Idle times that sit on and around every boundary the planner knows (min-age, max-age, stale-partial age, class default).
const BOUNDARIES = [0, 1, 5 * MINUTE, 10 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY, 30 * DAY];
const arbIdle = fc.oneof(
  fc.constantFrom(...BOUNDARIES),
  fc.constantFrom(...BOUNDARIES).map((b) => Math.max(0, b - 1)),
  fc.constantFrom(...BOUNDARIES).map((b) => b + 1),
  fc.integer({ min: 0, max: 40 * DAY }),
  fc.integer({ min: 1, max: 2 * HOUR }).map((ms) => -ms), // used "in the future": clock skew
);

const arbEntrySpec = fc.record({
  kind: fc.constantFrom('file', 'file', 'file', 'dir', 'dir', 'symlink') as fc.Arbitrary<'file' | 'dir' | 'symlink'>,
  partialChance: fc.integer({ min: 0, max: 9 }),
  unknownChance: fc.integer({ min: 0, max: 14 }),
  mib: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  extraAllocatedMib: fc.integer({ min: 0, max: 3 }),
  idleMs: arbIdle,
  classMaxAge: fc.option(fc.constantFrom(HOUR, 2 * HOUR, 3 * DAY), { nil: undefined }),
  inUse: fc.integer({ min: 0, max: 11 }),
  pinned: fc.integer({ min: 0, max: 11 }),
  protectedChance: fc.integer({ min: 0, max: 11 }),
  hits: fc.nat({ max: 50 }),
  /** ghost: how often the name came back after an eviction, and how long after (for this stay). */
  refetches: fc.nat({ max: 4 }),
  returnGapMs: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: undefined }),
});

const arbCache = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,7}$/), { maxLength: 30 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(arbEntrySpec, { minLength: names.length, maxLength: names.length })));

const arbOptions = fc.record({
  strategy: fc.constantFrom('age', 'lru', 'size', 'ghost'),
  triggerKind: fc.constantFrom('none', 'percent', 'size', 'min-free'),
  /** The target is set so that meeting it needs about this share of the evictable bytes (above 1: unreachable). */
  needFrac: fc.oneof(fc.double({ min: 0, max: 1.3, noNaN: true }), fc.constantFrom(0, 1)),
  /** Where the threshold sits: between the target and the current figure (reached), or beyond it (not reached). */
  thresholdPos: fc.double({ min: 0, max: 1, noNaN: true }),
  reached: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  wholePercent: fc.boolean(),
  maxAgeMs: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(0, 10 * MINUTE, HOUR, DAY, 7 * DAY), weight: 2 },
  ),
  minAgeMs: fc.constantFrom(0, 10 * MINUTE, HOUR),
  stalePartialAgeMs: fc.constantFrom(HOUR, DAY),
  otherUsedMib: fc.integer({ min: 0, max: 3000 }),
  availMib: fc.integer({ min: 0, max: 3000 }),
});

type EntrySpec = typeof arbEntrySpec extends fc.Arbitrary<infer T> ? T : never;
type OptionSpec = typeof arbOptions extends fc.Arbitrary<infer T> ? T : never;
type Case = { input: PlanInput; opts: PlanOptions; protectedNames: Set<string> };

function buildCase([names, specs]: [string[], EntrySpec[]], o: OptionSpec): Case {
  const entries: Entry[] = [];
  const usage = new Map<string, Usage>();
  const protectedNames = new Set<string>();
  names.forEach((name, i) => {
    const s = specs[i]!;
    const unknown = s.kind === 'symlink' || s.unknownChance === 0;
    const e = makeEntry(name, {
      kind: s.kind,
      bytes: s.kind === 'symlink' ? 0 : s.mib * MiB,
      allocatedBytes: (s.kind === 'symlink' ? 0 : s.mib * MiB) + s.extraAllocatedMib * MiB,
      idleMs: s.idleMs,
      partial: s.partialChance === 0,
      ...(unknown ? { unknownWhy: s.kind === 'symlink' ? 'symlink (never followed)' : 'not a name of this layout' } : {}),
      ...(s.classMaxAge !== undefined ? { defaultMaxAgeMs: s.classMaxAge, class: 'resized' } : {}),
    });
    entries.push(e);
    usage.set(
      name,
      makeUsage({
        lastUsedMs: NOW - s.idleMs,
        hits: s.hits,
        ...(s.refetches > 0 ? { refetches: s.refetches, ...(s.returnGapMs !== undefined ? { returnGapMs: s.returnGapMs } : {}) } : {}),
        inUse: s.inUse === 0 ? ['backing file of instance x'] : s.inUse === 1 ? ['open by pid 1', 'lock held'] : [],
        pinned: s.pinned === 0,
      }),
    );
    if (s.protectedChance === 0) protectedNames.add(name);
  });
  const cacheBytes = entries.reduce((sum, e) => sum + e.allocatedBytes, 0);
  const usedBytes = cacheBytes + o.otherUsedMib * MiB;
  const availBytes = o.availMib * MiB;
  const disk = diskOf(usedBytes, availBytes);

  const base = {
    strategy: o.strategy,
    defaultMaxAgeMs: DAY,
    minAgeMs: o.minAgeMs,
    stalePartialAgeMs: o.stalePartialAgeMs,
    isProtected: (n: string) => protectedNames.has(n),
    ...(o.maxAgeMs !== undefined ? { maxAgeMs: o.maxAgeMs } : {}),
  };
  // Aim the target at a share of what may be evicted, so that cases fall on both sides of "reachable".
  const evictableBytes = entries.reduce((sum, e) => sum + (safetyReason(e, usage.get(e.name)!, base, protectedNames) === null ? e.bytes : 0), 0);
  const need = Math.floor(o.needFrac * evictableBytes);
  const between = (lo: number, hi: number): number => lo + o.thresholdPos * (hi - lo);
  let trigger: TriggerSpec;
  switch (o.triggerKind) {
    case 'percent': {
      const total = usedBytes + availBytes;
      const round = (x: number): number => (o.wholePercent ? Math.round(x) : Math.round(x * 10) / 10);
      const now = total > 0 ? (usedBytes * 100) / total : 0;
      const target = Math.min(100, Math.max(0, round(total > 0 ? ((usedBytes - need) * 100) / total : 0)));
      const threshold = Math.min(100, Math.max(target, 0.1, round(o.reached ? between(target, now) : between(now + 0.1, 100))));
      trigger = { kind: 'percent', threshold, target };
      break;
    }
    case 'size': {
      const target = Math.max(0, cacheBytes - need);
      const threshold = Math.max(1, target, Math.floor(o.reached ? between(target, cacheBytes) : between(cacheBytes + 1, 2 * cacheBytes + 1)));
      trigger = { kind: 'size', threshold, target };
      break;
    }
    case 'min-free': {
      const threshold = Math.max(1, o.reached ? availBytes + need : Math.floor(between(0, availBytes)));
      trigger = { kind: 'min-free', threshold, target: threshold };
      break;
    }
    default:
      trigger = { kind: 'none' };
  }
  const opts: PlanOptions = { ...base, trigger };
  return { input: { root: '/var/cache/test', layout: 'generic', entries, usage, cacheBytes, disk, now: NOW }, opts, protectedNames };
}

const arbCase = fc.tuple(arbCache, arbOptions).map(([cache, o]) => buildCase(cache, o));

/** Why the design says this entry must stay, from the inputs alone; null when it may be evicted. */
function safetyReason(
  e: Entry,
  u: Usage,
  opts: Pick<PlanOptions, 'minAgeMs' | 'stalePartialAgeMs'>,
  protectedNames: ReadonlySet<string>,
): string | null {
  const idle = Math.max(0, NOW - u.lastUsedMs);
  if (u.inUse.length > 0) return 'in-use';
  if (u.pinned) return 'pinned';
  if (protectedNames.has(e.name)) return 'protected';
  if (e.unknown) return 'unknown';
  if (e.partial) return idle >= Math.max(opts.stalePartialAgeMs, opts.minAgeMs) ? null : 'partial';
  if (idle < opts.minAgeMs) return 'too-young';
  return null;
}

const mayGo = (c: Case, e: Entry): boolean => safetyReason(e, c.input.usage.get(e.name)!, c.opts, c.protectedNames) === null;

function isPressure(c: Case): boolean {
  return getStrategy(c.opts.strategy).trigger === 'pressure' && c.opts.trigger.kind !== 'none';
}

/** Is the target met once `freed` bytes are gone? Computed as df would, independently of the planner. */
function targetMet(c: Case, freed: number): boolean {
  const t = c.opts.trigger;
  const used = c.input.disk.usedBytes - freed;
  const avail = c.input.disk.availableBytes + freed;
  switch (t.kind) {
    case 'percent':
      return used + avail === 0 || (used * 100) / (used + avail) <= t.target;
    case 'size':
      return c.input.cacheBytes - freed <= t.target;
    case 'min-free':
      return avail >= t.target;
    case 'none':
      return true;
  }
}

function reachedBefore(c: Case): boolean {
  const t = c.opts.trigger;
  const d = c.input.disk;
  switch (t.kind) {
    case 'percent':
      return d.usedPercent >= t.threshold;
    case 'size':
      return c.input.cacheBytes >= t.threshold;
    case 'min-free':
      return d.availableBytes < t.threshold;
    case 'none':
      return false;
  }
}

const sumBytes = (xs: readonly { entry: Entry }[]): number => xs.reduce((s, x) => s + x.entry.bytes, 0);
const victimsOf = (p: Plan) => p.entries.filter((x) => x.decision === 'evict');

describe('planner invariants (fast-check)', () => {
  it('gives every entry exactly one decision, with a reason of the right kind', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        expect(plan.entries.map((x) => x.entry.name).sort()).toEqual(c.input.entries.map((e) => e.name).sort());
        for (const x of plan.entries) {
          if (x.decision === 'evict') expect(['expired', 'over-threshold']).toContain(x.reason);
          else expect([...KEEP_FOR_SAFETY, 'below-threshold', 'target-met', 'not-expired']).toContain(x.reason);
        }
        expect(plan.summary.entries).toBe(c.input.entries.length);
        expect(plan.summary.evictCount + plan.summary.keepCount).toBe(c.input.entries.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('never evicts an entry kept for safety (in use, pinned, protected, too young, partial not stale, unknown)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        for (const x of plan.entries) {
          const why = safetyReason(x.entry, c.input.usage.get(x.entry.name)!, c.opts, c.protectedNames);
          if (why !== null) {
            expect(x.decision).toBe('keep');
            expect(x.reason).toBe(why);
          } else {
            expect(KEEP_FOR_SAFETY).not.toContain(x.reason);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reaches a reachable target; otherwise evicts every eligible entry and reports the shortfall', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        const evictBytes = plan.summary.evictBytes;
        if (!isPressure(c) || !reachedBefore(c)) {
          expect(plan.summary.shortfallBytes).toBe(0);
          expect(plan.entries.some((x) => x.reason === 'over-threshold' || x.reason === 'target-met')).toBe(false);
          return;
        }
        const evictable = plan.entries.filter((x) => mayGo(c, x.entry));
        const reachable = targetMet(c, sumBytes(evictable));
        if (reachable) {
          expect(targetMet(c, evictBytes)).toBe(true);
          expect(plan.summary.shortfallBytes).toBe(0);
          const t = c.opts.trigger;
          if (t.kind === 'percent') expect(plan.after.diskUsedPercent).toBeLessThanOrEqual(t.target);
          if (t.kind === 'size') expect(plan.after.cacheBytes).toBeLessThanOrEqual(t.target);
          if (t.kind === 'min-free') expect(plan.after.diskAvailableBytes).toBeGreaterThanOrEqual(t.target);
        } else {
          expect(plan.summary.shortfallBytes).toBeGreaterThan(0);
          for (const x of evictable) expect(x.decision).toBe('evict');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('evicts no more than needed, in strategy order', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        const strategy = getStrategy(c.opts.strategy);
        const over = plan.entries.filter((x) => x.reason === 'over-threshold');
        if (over.length > 0 && plan.summary.shortfallBytes === 0) {
          // Without the last pressure victim the target would not be met.
          expect(targetMet(c, plan.summary.evictBytes - over[over.length - 1]!.entry.bytes)).toBe(false);
        }
        // Rank the entries the strategy was offered; pressure victims are a prefix of what expiry left.
        const offered: Candidate[] = plan.entries
          .filter((x) => !KEEP_FOR_SAFETY.includes(x.reason as never) && !x.entry.partial)
          .map((x) => ({ entry: x.entry, usage: x.usage, idleMs: x.idleMs }));
        // With the planner's context: ghost shares the whole cache out (its probation share), not just what was offered.
        const rank = new Map(strategy.rank(offered, { now: NOW, cacheBytes: c.input.cacheBytes }).map((cand, i) => [cand.entry.name, i]));
        const pos = (name: string): number => rank.get(name)!;
        const targetMetKept = plan.entries.filter((x) => x.reason === 'target-met').map((x) => pos(x.entry.name));
        const overPos = over.map((x) => pos(x.entry.name));
        if (targetMetKept.length > 0 && overPos.length > 0) expect(Math.max(...overPos)).toBeLessThan(Math.min(...targetMetKept));
        // Victims of one kind appear in strategy order.
        expect(overPos).toEqual([...overPos].sort((a, b) => a - b));
        const expiredPos = plan.entries.filter((x) => x.reason === 'expired' && !x.entry.partial).map((x) => pos(x.entry.name));
        expect(expiredPos).toEqual([...expiredPos].sort((a, b) => a - b));
      }),
      { numRuns: RUNS },
    );
  });

  it('expires by max-age exactly: never before it (age: the class default unless --max-age), always after it unless gated', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        const age = getStrategy(c.opts.strategy).trigger === 'expiry';
        const gated = age && c.opts.trigger.kind !== 'none' && !reachedBefore(c);
        for (const x of plan.entries) {
          if (x.entry.partial) {
            if (x.decision === 'evict') expect(x.idleMs).toBeGreaterThanOrEqual(c.opts.stalePartialAgeMs);
            continue;
          }
          const maxAge = c.opts.maxAgeMs ?? (age ? (x.entry.defaultMaxAgeMs ?? c.opts.defaultMaxAgeMs) : undefined);
          if (x.reason === 'expired') {
            expect(maxAge).toBeDefined();
            expect(x.idleMs).toBeGreaterThanOrEqual(maxAge!);
            expect(gated).toBe(false);
          }
          if (age && x.decision === 'evict') {
            expect(x.reason).toBe('expired');
            expect(x.idleMs).toBeGreaterThanOrEqual(maxAge!);
          }
          const eligible = mayGo(c, x.entry);
          if (eligible && maxAge !== undefined && x.idleMs >= maxAge && !gated) expect(x.decision).toBe('evict');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('adds up: evictBytes is the sum of the victims, after = before minus evictBytes, victims first numbered 1..n', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = buildPlan(c.input, c.opts);
        const victims = victimsOf(plan);
        const evictBytes = sumBytes(victims);
        expect(plan.summary.evictBytes).toBe(evictBytes);
        expect(plan.summary.evictCount).toBe(victims.length);
        expect(plan.summary.keepBytes).toBe(sumBytes(plan.entries.filter((x) => x.decision === 'keep')));
        expect(plan.before).toEqual({
          cacheBytes: c.input.cacheBytes,
          diskUsedBytes: c.input.disk.usedBytes,
          diskAvailableBytes: c.input.disk.availableBytes,
          diskUsedPercent: c.input.disk.usedPercent,
        });
        expect(plan.after.cacheBytes).toBe(plan.before.cacheBytes - evictBytes);
        expect(plan.after.diskUsedBytes).toBe(plan.before.diskUsedBytes - evictBytes);
        expect(plan.after.diskAvailableBytes).toBe(plan.before.diskAvailableBytes + evictBytes);
        const total = plan.after.diskUsedBytes + plan.after.diskAvailableBytes;
        expect(plan.after.diskUsedPercent).toBeCloseTo(total > 0 ? (plan.after.diskUsedBytes * 100) / total : 0, 9);
        // Victims first, numbered 1..n in order; then the kept, by name, without a number.
        expect(plan.entries.slice(0, victims.length).every((x) => x.decision === 'evict')).toBe(true);
        expect(victims.map((x) => x.order)).toEqual(victims.map((_, i) => i + 1));
        const kept = plan.entries.slice(victims.length);
        expect(kept.every((x) => x.decision === 'keep' && x.order === undefined)).toBe(true);
        const keptNames = kept.map((x) => x.entry.name);
        expect(keptNames).toEqual([...keptNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: the order of the entries does not change the plan', () => {
    fc.assert(
      fc.property(arbCase, fc.integer(), (c, seed) => {
        const plan = buildPlan(c.input, c.opts);
        const shuffled = [...c.input.entries]
          .map((e, i) => ({ e, k: (Math.imul(i + 1, 2654435761) ^ seed) >>> 0 }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        const again = buildPlan({ ...c.input, entries: shuffled }, c.opts);
        const view = (p: Plan) => p.entries.map((x) => [x.entry.name, x.decision, x.reason, x.order]);
        expect(view(again)).toEqual(view(plan));
        expect(again.summary).toEqual(plan.summary);
      }),
      { numRuns: RUNS },
    );
  });
});
