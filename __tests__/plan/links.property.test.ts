/**
 * Hard-link groups in the planner (issue 12 case 7): an inode's blocks count as freed only when every entry holding
 * one of its names goes; a group is evicted for pressure whole, at its first member's place, or not at all.
 * Every expectation is computed here from the inputs (an independent union-find and inode ledger).
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan, PlanOptions } from '../../src/plan/types.js';
import { KEEP_FOR_SAFETY, type Entry, type LinkGroup, type Usage } from '../../src/shared/types.js';
import { NOW, diskOf, makeEntry, makeUsage } from '../helpers/fixtures.js';
import { DAY, MINUTE, MiB } from '../helpers/units.js';

type State = 'eligible' | 'in-use' | 'pinned' | 'young';
interface Spec {
  privateMib: number[];
  states: State[];
  idleDays: number[];
  inodes: { mib: number; holders: number[] }[];
  needFrac: number;
  strategy: 'lru' | 'size';
}

const arbSpec: fc.Arbitrary<Spec> = fc.integer({ min: 1, max: 10 }).chain((n) =>
  fc.record({
    privateMib: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: n, maxLength: n }),
    states: fc.array(fc.constantFrom<State>('eligible', 'eligible', 'eligible', 'in-use', 'pinned', 'young'), { minLength: n, maxLength: n }),
    idleDays: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: n, maxLength: n }),
    inodes: fc.array(
      fc.record({ mib: fc.integer({ min: 1, max: 12 }), holders: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 2, maxLength: 3 }) }),
      { maxLength: n > 1 ? 4 : 0 },
    ),
    needFrac: fc.double({ min: 0, max: 1.3, noNaN: true }),
    strategy: fc.constantFrom<'lru' | 'size'>('lru', 'size'),
  }),
);

/** Groups by an independent union-find over the inodes' holders. */
function groupsOf(s: Spec, names: string[]): { groups: LinkGroup[]; groupOf: number[] } {
  const n = names.length;
  const comp = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => (comp[i] === i ? i : (comp[i] = root(comp[i]!)));
  for (const ino of s.inodes) for (const h of ino.holders) comp[root(h)] = root(ino.holders[0]!);
  const groups: LinkGroup[] = [];
  const index = new Map<number, number>();
  const groupOf = new Array<number>(n).fill(-1);
  for (const ino of s.inodes) {
    const r = root(ino.holders[0]!);
    if (!index.has(r)) {
      index.set(r, groups.length);
      groups.push({ members: [], inodes: [] });
    }
    groups[index.get(r)!]!.inodes.push({ bytes: ino.mib * MiB, holders: ino.holders.map((h) => names[h]!) });
  }
  for (let i = 0; i < n; i++) {
    const g = index.get(root(i));
    if (g !== undefined) {
      groupOf[i] = g;
      groups[g]!.members.push(names[i]!);
    }
  }
  return { groups, groupOf };
}

function setUp(s: Spec) {
  const names = s.privateMib.map((_, i) => `e${String(i).padStart(2, '0')}`);
  const { groups, groupOf } = groupsOf(s, names);
  const entries: Entry[] = names.map((name, i) => {
    const shared = s.inodes.filter((ino) => ino.holders.includes(i)).reduce((a, ino) => a + ino.mib * MiB, 0);
    const idleMs = s.states[i] === 'young' ? MINUTE : s.idleDays[i]! * DAY;
    const e = makeEntry(name, { bytes: s.privateMib[i]! * MiB + shared, idleMs });
    if (groupOf[i]! >= 0) e.link = { group: groupOf[i]!, privateBytes: s.privateMib[i]! * MiB };
    return e;
  });
  const usage = new Map<string, Usage>(
    entries.map((e, i) => [e.name, makeUsage({ idleMs: s.states[i] === 'young' ? MINUTE : s.idleDays[i]! * DAY, inUse: s.states[i] === 'in-use' ? ['open by pid 1'] : [], pinned: s.states[i] === 'pinned' })]),
  );
  const held = s.privateMib.reduce((a, m) => a + m * MiB, 0) + s.inodes.reduce((a, ino) => a + ino.mib * MiB, 0);
  const need = Math.round(held * s.needFrac);
  const opts: PlanOptions = {
    strategy: s.strategy,
    trigger: { kind: 'size', threshold: 1, target: held - need },
    defaultMaxAgeMs: 365 * DAY,
    minAgeMs: 10 * MINUTE,
    stalePartialAgeMs: 365 * DAY,
    isProtected: () => false,
  };
  const plan = buildPlan({ root: '/c', layout: 'generic', entries, usage, cacheBytes: held, disk: diskOf(held, 10 * held + MiB), now: NOW, linkGroups: groups }, opts);
  return { names, groups, groupOf, held, need, plan };
}

/** Freed bytes of a set of evicted names, computed from the spec alone. */
function freedOf(s: Spec, names: string[], gone: Set<string>): number {
  let b = 0;
  names.forEach((n, i) => (b += gone.has(n) ? s.privateMib[i]! * MiB : 0));
  for (const ino of s.inodes) if (ino.holders.every((h) => gone.has(names[h]!))) b += ino.mib * MiB;
  return b;
}

const victimsOf = (plan: Plan): Set<string> => new Set(plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name));

describe('planner: hard-link groups', () => {
  it('reports exactly what is freed: each shared inode once, and only when all its holders go', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const { names, held, plan } = setUp(s);
        const freed = freedOf(s, names, victimsOf(plan));
        expect(plan.summary.evictBytes).toBe(freed);
        expect(plan.summary.keepBytes).toBe(held - freed);
      }),
      { numRuns: 400 },
    );
  });

  it('evicts a group for pressure whole or not at all, and never when a member must stay', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const { groups, plan } = setUp(s);
        const by = new Map(plan.entries.map((p) => [p.entry.name, p]));
        for (const g of groups) {
          const ps = g.members.map((m) => by.get(m)!);
          const pressured = ps.some((p) => p.reason === 'over-threshold');
          const staying = ps.some((p) => (KEEP_FOR_SAFETY as readonly string[]).includes(p.reason));
          if (pressured) expect(ps.every((p) => p.decision === 'evict')).toBe(true);
          if (staying) {
            expect(pressured).toBe(false);
            for (const p of ps) if (!(KEEP_FOR_SAFETY as readonly string[]).includes(p.reason)) expect(p.reason).toBe('linked');
          }
          // a group goes at its first member's place: its members are consecutive in the eviction order
          const orders = ps.filter((p) => p.reason === 'over-threshold').map((p) => p.order!).sort((a, b) => a - b);
          for (let i = 1; i < orders.length; i++) expect(orders[i]).toBe(orders[i - 1]! + 1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('evicts enough and no more: without its last unit the target would not be met', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const { names, groupOf, need, plan } = setUp(s);
        const gone = victimsOf(plan);
        const freed = freedOf(s, names, gone);
        if (plan.summary.shortfallBytes === 0) expect(freed).toBeGreaterThanOrEqual(need);
        else expect(plan.summary.shortfallBytes).toBe(need - freed);
        const pressured = plan.entries.filter((p) => p.reason === 'over-threshold');
        if (pressured.length === 0) return;
        const last = pressured[pressured.length - 1]!;
        const li = names.indexOf(last.entry.name);
        const unit = groupOf[li]! >= 0 ? names.filter((_, i) => groupOf[i] === groupOf[li]) : [last.entry.name];
        const without = new Set([...gone].filter((n) => !unit.includes(n)));
        expect(freedOf(s, names, without)).toBeLessThan(need);
      }),
      { numRuns: 400 },
    );
  });

  it('the reported case: A and B share one 9.5 MiB inode; --threshold 10M --target 9M frees 9.5 MiB by evicting just the pair', () => {
    const s: Spec = {
      privateMib: [0, 0, 1, 1],
      states: ['eligible', 'eligible', 'eligible', 'eligible'],
      idleDays: [9, 8, 7, 6],
      inodes: [],
      needFrac: 0,
      strategy: 'lru',
    };
    const names = ['A', 'B', 'C', 'D'];
    const half = 9.5 * MiB;
    const entries = names.map((n, i) => {
      const e = makeEntry(n, { bytes: i < 2 ? half : MiB, idleMs: s.idleDays[i]! * DAY });
      if (i < 2) e.link = { group: 0, privateBytes: 0 };
      return e;
    });
    const groups: LinkGroup[] = [{ members: ['A', 'B'], inodes: [{ bytes: half, holders: ['A', 'B'] }] }];
    const usage = new Map(entries.map((e, i) => [e.name, makeUsage({ idleMs: s.idleDays[i]! * DAY })]));
    const held = half + 2 * MiB;
    const plan = buildPlan(
      { root: '/c', layout: 'generic', entries, usage, cacheBytes: held, disk: diskOf(held, 100 * MiB), now: NOW, linkGroups: groups },
      { strategy: 'lru', trigger: { kind: 'size', threshold: 10 * MiB, target: 9 * MiB }, defaultMaxAgeMs: 365 * DAY, minAgeMs: 10 * MINUTE, stalePartialAgeMs: DAY, isProtected: () => false },
    );
    expect(plan.entries.filter((p) => p.decision === 'evict').map((p) => p.entry.name)).toEqual(['A', 'B']);
    expect(plan.summary.evictBytes).toBe(half);
    expect(plan.summary.shortfallBytes).toBe(0);
    expect(plan.after.cacheBytes).toBe(2 * MiB);
  });
});
