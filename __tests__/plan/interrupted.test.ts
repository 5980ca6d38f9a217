import { buildPlan } from '../../src/plan/build.js';
import type { InterruptedDeletion, Plan, PlanInput } from '../../src/plan/types.js';
import type { Entry } from '../../src/shared/types.js';
import { NOW, makeEntry, makeInput, makeOptions, usageOf } from '../helpers/fixtures.js';
import { DAY, GiB, MINUTE, MiB } from '../helpers/units.js';

/**
 * A deletion an earlier run began and did not finish: the deletion itself bumped the entry's mtime, so by its times it
 * is young. The planner finishes it, first, whatever the strategy, ages and trigger say; only in use, pinned,
 * protected and unknown hold it back, and then the plan still says it is half-deleted.
 */

const SINCE = NOW - 5 * MINUTE;

/** A directory entry half-deleted 5 minutes ago by run 7 (planned with 40,001 nodes, 30,000 left); idle 1 minute. */
function halfDeleted(name: string, bytes = GiB): { entry: Entry; broken: InterruptedDeletion } {
  const entry = makeEntry(name, { kind: 'dir', bytes, idleMs: MINUTE });
  entry.fingerprint.nodes = 30_000;
  return { entry, broken: { runId: 7, sinceMs: SINCE, reason: 'expired', strategy: 'age', plannedNodes: 40_001 } };
}

function planOf(entries: Entry[], interrupted: Map<string, InterruptedDeletion>, o: { input?: Partial<PlanInput>; opts?: Parameters<typeof makeOptions>[0] } = {}): Plan {
  return buildPlan({ ...makeInput(entries, o.input), interrupted }, makeOptions(o.opts));
}

const decisions = (plan: Plan): string[][] => plan.entries.map((p) => [p.entry.name, `${p.decision} ${p.reason}`, String(p.order ?? '-')]);

describe('buildPlan: interrupted deletions', () => {
  it('finishes a half-deleted entry that its own times call too young, ahead of every other victim', () => {
    const { entry, broken } = halfDeleted('big');
    const entries = [makeEntry('a-old', { idleMs: 9 * DAY }), makeEntry('b-old.part', { idleMs: 3 * DAY, partial: true }), entry, makeEntry('fresh', { idleMs: MINUTE })];
    const plan = planOf(entries, new Map([['big', broken]]));
    expect(decisions(plan)).toEqual([
      ['big', 'evict interrupted', '1'],
      ['b-old.part', 'evict expired', '2'],
      ['a-old', 'evict expired', '3'],
      ['fresh', 'keep too-young', '-'],
    ]);
    expect(plan.entries[0]!.detail).toBe(
      `deletion by run 7 (expired) began ${new Date(SINCE).toISOString()} and was interrupted: 30000 of 40001 files and directories left`,
    );
    expect(plan.entries[0]!.interrupted).toEqual(broken);
    // The same entry without the store's record: what case 12 saw.
    expect(decisions(planOf(entries, new Map()))).toContainEqual(['big', 'keep too-young', '-']);
  });

  it('finishes it under a pressure strategy whose threshold is not reached, and counts it toward a target that is', () => {
    const { entry, broken } = halfDeleted('big', 3 * MiB);
    const entries = [entry, makeEntry('x', { bytes: 2 * MiB, idleMs: 5 * DAY }), makeEntry('y', { bytes: 2 * MiB, idleMs: 4 * DAY })];
    const quiet = planOf(entries, new Map([['big', broken]]), { opts: { strategy: 'lru', trigger: { kind: 'size', threshold: 100 * MiB, target: 90 * MiB } } });
    expect(decisions(quiet)).toEqual([
      ['big', 'evict interrupted', '1'],
      ['x', 'keep below-threshold', '-'],
      ['y', 'keep below-threshold', '-'],
    ]);
    // 7 MiB cached, threshold 6 MiB, target 3 MiB: big's 3 MiB leave 1 MiB to free, which x (the least recently used) covers.
    const pressed = planOf(entries, new Map([['big', broken]]), { opts: { strategy: 'lru', trigger: { kind: 'size', threshold: 6 * MiB, target: 3 * MiB } } });
    expect(decisions(pressed)).toEqual([
      ['big', 'evict interrupted', '1'],
      ['x', 'evict over-threshold', '2'],
      ['y', 'keep target-met', '-'],
    ]);
  });

  it.each([
    ['in use', { usage: { inUse: ['open by pid 42 (qemu)'] } }, 'in-use', /^open by pid 42 \(qemu\); deletion by run 7 .* left half-deleted while in-use$/],
    ['pinned', { usage: { pinned: true } }, 'pinned', /^deletion by run 7 \(expired\) began .*; left half-deleted while pinned$/],
    ['protected', { protect: true }, 'protected', /; left half-deleted while protected$/],
    ['unknown', { unknownWhy: 'contains a mount point (sub)' }, 'unknown', /^contains a mount point \(sub\); deletion by run 7 .* while unknown$/],
  ])('keeps it when it is %s now, and says it is half-deleted', (_what, how: { usage?: object; protect?: boolean; unknownWhy?: string }, reason, detail) => {
    const { entry, broken } = halfDeleted('big');
    if (how.unknownWhy) Object.assign(entry, { unknown: true, unknownWhy: how.unknownWhy });
    const entries = [entry];
    const usage = usageOf(entries, how.usage ? { big: how.usage } : {});
    const plan = planOf(entries, new Map([['big', broken]]), { input: { usage }, opts: how.protect ? { isProtected: (n) => n === 'big' } : {} });
    expect(plan.entries).toEqual([expect.objectContaining({ decision: 'keep', reason, interrupted: broken })]);
    expect(plan.entries[0]!.detail).toMatch(detail);
    expect(plan.summary.evictCount).toBe(0);
  });

  it('goes first under --max-delete, and what the cap holds back is an interrupted one after it', () => {
    const a = halfDeleted('a');
    const b = halfDeleted('b');
    const older = { ...b.broken, runId: 5, sinceMs: SINCE - DAY };
    const plan = planOf([a.entry, b.entry, makeEntry('c', { idleMs: 9 * DAY })], new Map([['a', a.broken], ['b', older]]), { opts: { maxDelete: { entries: 1 } } });
    // The older interrupted deletion first.
    expect(decisions(plan)).toEqual([
      ['b', 'evict interrupted', '1'],
      ['a', 'keep capped', '-'],
      ['c', 'keep capped', '-'],
    ]);
    expect(plan.entries[1]!.detail).toMatch(/^--max-delete 1 entry reached; would be evicted as interrupted \(deletion by run 7 /);
    expect(plan.entries[1]!.interrupted).toEqual(a.broken);
  });
});
