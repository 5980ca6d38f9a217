/**
 * Warm entries (plan/safety.ts warmFor, through buildPlan): an entry that arrived less than the grace ago and was
 * never used since (no read after its write, no recorded hit) is kept as `warm`, under pressure and by age alike, so
 * that an image warmed before a mass boot is not lru's first victim; once the grace is over it is decided as any
 * entry. Expectations computed here from the inputs.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan } from '../../src/plan/types.js';
import { NOW, diskOf, makeEntry, makeInput, makeOptions, makeUsage } from '../helpers/fixtures.js';
import { DAY, HOUR, MINUTE as MIN, MiB } from '../helpers/units.js';

const arbEntry = fc.record({
  writtenAgoMs: fc.oneof(fc.integer({ min: 0, max: 4 * DAY }), fc.constantFrom(DAY - 1, DAY, DAY + 1, 10 * MIN)),
  readAfterMs: fc.option(fc.integer({ min: 1, max: HOUR }), { nil: undefined }),
  firstSeenAgoMs: fc.option(fc.integer({ min: 0, max: 4 * DAY }), { nil: undefined }),
  hits: fc.constantFrom(0, 0, 0, 1, 3),
  /** The layout says its writer reads each entry within this long of writing it (Nova's inspection: 10 min). */
  writerCheckMs: fc.option(fc.constantFrom(10 * MIN, 30 * MIN), { nil: undefined }),
  pinned: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
});
const arbCase = fc.record({
  entries: fc.array(arbEntry, { minLength: 1, maxLength: 20 }),
  graceMs: fc.constantFrom(0, HOUR, DAY, 2 * DAY),
  pressure: fc.boolean(),
});
type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;
/** The age case's --max-age: some entries idle past it (their grace ends with it), most not. */
const MAX_AGE = 3 * DAY;

function planOf(c: Case, graceMs = c.graceMs): Plan {
  const es = c.entries.map((s, i) => {
    const mtimeMs = NOW - s.writtenAgoMs;
    const atimeMs = s.readAfterMs !== undefined ? Math.min(NOW, mtimeMs + s.readAfterMs) : mtimeMs;
    const e = makeEntry(`e${i}`, { mtimeMs, atimeMs, bytes: MiB });
    return s.writerCheckMs !== undefined ? { ...e, writerCheck: { withinMs: s.writerCheckMs, what: 'the writer check' } } : e;
  });
  const usage = new Map(
    es.map((e, i) => {
      const s = c.entries[i]!;
      const firstSeen = s.firstSeenAgoMs !== undefined ? { arrivedByMs: NOW - s.firstSeenAgoMs } : {};
      return [e.name, makeUsage({ lastUsedMs: Math.max(e.mtimeMs, e.atimeMs), hits: s.hits, pinned: s.pinned, ...firstSeen })];
    }),
  );
  const opts = c.pressure
    ? makeOptions({ strategy: 'lru', trigger: { kind: 'size', threshold: 1, target: 0 }, minAgeMs: 0, warmGraceMs: graceMs })
    : makeOptions({ strategy: 'age', maxAgeMs: MAX_AGE, minAgeMs: 0, warmGraceMs: graceMs });
  return buildPlan(makeInput(es, { usage, disk: diskOf(100 * MiB, 100 * MiB) }), opts);
}

/**
 * Warm by the words: arrived (mtime, or seen arriving if later) less than the grace ago, never used since; a
 * read no later than the layout's writer check after the write is that check, not a use.
 */
function isWarm(c: Case, i: number): boolean {
  const s = c.entries[i]!;
  if (s.pinned) return false;
  const mtime = NOW - s.writtenAgoMs;
  const arrived = Math.max(mtime, s.firstSeenAgoMs !== undefined ? NOW - s.firstSeenAgoMs : 0);
  const read = s.readAfterMs !== undefined && Math.min(NOW, mtime + s.readAfterMs) - mtime > (s.writerCheckMs ?? 0);
  const idle = NOW - Math.max(mtime, s.readAfterMs !== undefined ? Math.min(NOW, mtime + s.readAfterMs) : mtime);
  const expires = !c.pressure && idle >= MAX_AGE; // the age that expires an entry ends its grace
  return !read && s.hits === 0 && NOW - arrived < c.graceMs && !expires;
}

describe('warm entries', () => {
  it('are kept as warm exactly when they arrived within the grace and were never used; none is a victim', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plan = planOf(c);
        c.entries.forEach((_, i) => {
          const p = plan.entries.find((e) => e.entry.name === `e${i}`)!;
          expect([`e${i}`, p.reason === 'warm']).toEqual([`e${i}`, isWarm(c, i)]);
          if (p.reason === 'warm') expect(p.decision).toBe('keep');
        });
      }),
      { numRuns: 400 },
    );
  });

  it('when nothing is warm, the plan is the plan without the rule (the grace over, a warm entry is any entry)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        fc.pre(c.entries.every((_, i) => !isWarm(c, i)));
        const strip = (p: Plan) => p.entries.map((e) => [e.entry.name, e.decision, e.reason, e.order]);
        expect(strip(planOf(c))).toEqual(strip(planOf(c, 0)));
      }),
      { numRuns: 300 },
    );
  });

  it('a warmed image is not the first lru victim; one read once, or older than the grace, goes first', () => {
    const warmed = makeEntry('warmed.img', { mtimeMs: NOW - 6 * HOUR, atimeMs: NOW - 6 * HOUR }); // written, never read
    const read = makeEntry('read.img', { mtimeMs: NOW - 5 * HOUR, atimeMs: NOW - 4 * HOUR });
    const old = makeEntry('old.img', { idleMs: 2 * DAY });
    const es = [warmed, read, old];
    const usage = new Map(es.map((e) => [e.name, makeUsage({ lastUsedMs: Math.max(e.mtimeMs, e.atimeMs) })]));
    const opts = makeOptions({ strategy: 'lru', trigger: { kind: 'size', threshold: 1, target: 0 }, warmGraceMs: DAY });
    const plan = buildPlan(makeInput(es, { usage }), opts);
    expect(plan.entries.map((p) => [p.entry.name, p.decision, p.reason])).toEqual([
      ['old.img', 'evict', 'over-threshold'],
      ['read.img', 'evict', 'over-threshold'],
      ['warmed.img', 'keep', 'warm'],
    ]);
  });

  it("a read just after the write is the writer's own check where the layout says so (Nova), and the detail says it", () => {
    const check = { withinMs: 10 * MIN, what: "Nova's inspection of its download" };
    const checked = { ...makeEntry('checked', { mtimeMs: NOW - 6 * HOUR, atimeMs: NOW - 6 * HOUR + 2000 }), writerCheck: check };
    const readLater = { ...makeEntry('read-later', { mtimeMs: NOW - 6 * HOUR, atimeMs: NOW - 5 * HOUR }), writerCheck: check };
    const generic = makeEntry('generic', { mtimeMs: NOW - 6 * HOUR, atimeMs: NOW - 6 * HOUR + 2000 });
    const es = [checked, generic, readLater];
    const usage = new Map(es.map((e) => [e.name, makeUsage({ lastUsedMs: Math.max(e.mtimeMs, e.atimeMs) })]));
    const opts = makeOptions({ strategy: 'lru', trigger: { kind: 'size', threshold: 1, target: 0 }, warmGraceMs: DAY });
    const plan = buildPlan(makeInput(es, { usage }), opts);
    expect(plan.entries.map((p) => [p.entry.name, p.reason])).toEqual([
      ['generic', 'over-threshold'],
      ['read-later', 'over-threshold'],
      ['checked', 'warm'],
    ]);
    expect(plan.entries[2]!.detail).toBe(
      "arrived 2025-01-15T06:00:00Z, not used since (read 2s after its write: Nova's inspection of its download, not a use); grace ends 2025-01-16T06:00:00Z",
    );
  });
});
