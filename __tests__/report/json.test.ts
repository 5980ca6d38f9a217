import type { Applied } from '../../src/apply/apply.js';
import type { Plan } from '../../src/plan/types.js';
import { isoWriter, planJsonChunks, planToJson } from '../../src/report/json.js';
import { SCHEMA_VERSION } from '../../src/report/plan-schema.js';
import { NOW } from '../helpers/fixtures.js';
import { DAY, GiB } from '../helpers/units.js';
import { bigPlan } from './scenario.js';
import { toJsonText } from '../../src/shared/escape.js';
import fc from 'fast-check';

const applied: Applied = {
  deleted: ['image-01.qcow2', 'image-02.qcow2'],
  skipped: [{ name: 'image-03.qcow2', why: 'changed since the scan (size)' }],
  failed: [{ name: 'image-04.qcow2', error: 'EACCES: permission denied' }],
  freedBytes: 30 * GiB,
  interrupted: false,
};

/** The document as a consumer reads it: through JSON text. */
const roundTrip = <T>(x: T): any => JSON.parse(JSON.stringify(x));

describe('planToJson', () => {
  const plan = bigPlan();
  const doc = roundTrip(planToJson(plan, { dryRun: false, applied }));

  it('carries the header fields', () => {
    expect(SCHEMA_VERSION).toBe(1);
    expect(doc.schema).toBe(1);
    expect(doc.root).toBe('/var/lib/nova/instances/_base');
    expect(doc.strategy).toBe('lru');
    expect(doc.dryRun).toBe(false);
    expect(doc.now).toBe(new Date(NOW).toISOString());
    expect(doc.now).toBe('2025-01-15T12:00:00.000Z');
  });

  it('carries the trigger', () => {
    expect(doc.trigger).toMatchObject({ kind: 'percent', threshold: 85, target: 80, reached: true });
  });

  it('carries before and after figures', () => {
    for (const k of ['before', 'after'] as const) {
      expect(Object.keys(doc[k])).toEqual(expect.arrayContaining(['cacheBytes', 'diskUsedPercent', 'diskAvailableBytes']));
    }
    expect(doc.before.cacheBytes).toBe(plan.before.cacheBytes);
    expect(doc.before.diskAvailableBytes).toBe(plan.before.diskAvailableBytes);
    expect(doc.before.diskUsedPercent).toBeCloseTo(91.3, 3);
    expect(doc.after.cacheBytes).toBe(plan.before.cacheBytes - plan.summary.evictBytes);
    expect(doc.after.diskAvailableBytes).toBe(plan.before.diskAvailableBytes + plan.summary.evictBytes);
    expect(doc.after.diskUsedPercent).toBeCloseTo(78.9, 2);
  });

  it('carries every entry with its decision, victims first', () => {
    expect(doc.entries).toHaveLength(240);
    const first = doc.entries[0];
    expect(first).toMatchObject({
      name: 'image-01.qcow2',
      class: 'file',
      bytes: 15 * GiB,
      apparentBytes: 15 * GiB,
      lastUsed: new Date(NOW - 40 * DAY).toISOString(),
      idleSeconds: 40 * 86400,
      hits: 0,
      inUse: [],
      decision: 'evict',
      reason: 'over-threshold',
    });
    for (const e of doc.entries) {
      for (const k of ['name', 'class', 'bytes', 'apparentBytes', 'lastUsed', 'idleSeconds', 'hits', 'inUse', 'decision', 'reason']) {
        expect(e).toHaveProperty(k);
      }
      expect(['evict', 'keep']).toContain(e.decision);
      expect(typeof e.idleSeconds).toBe('number');
      expect(Number.isInteger(e.idleSeconds)).toBe(true);
      expect(e.lastUsed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(doc.entries.slice(0, 12).every((e: any) => e.decision === 'evict')).toBe(true);
    const busy = doc.entries.find((e: any) => e.name === 'busy.qcow2');
    expect(busy).toMatchObject({ decision: 'keep', reason: 'in-use', inUse: ['backing file of instance 1f2e'], hits: 7 });
    const reasons = new Set(doc.entries.map((e: any) => e.reason));
    expect(reasons).toEqual(new Set(['over-threshold', 'target-met', 'in-use', 'protected', 'partial', 'unknown']));
  });

  it('carries the summary', () => {
    expect(doc.summary).toMatchObject({
      entries: 240,
      evictCount: 12,
      evictBytes: 11 * 15 * GiB + 18.2 * GiB,
      shortfallBytes: 0,
    });
  });

  it('carries what applying did', () => {
    expect(doc.applied).toMatchObject({
      deleted: ['image-01.qcow2', 'image-02.qcow2'],
      skipped: [{ name: 'image-03.qcow2', why: 'changed since the scan (size)' }],
      failed: [{ name: 'image-04.qcow2', error: 'EACCES: permission denied' }],
    });
  });

  it('has no applied section on a dry run', () => {
    const dry = roundTrip(planToJson(plan, { dryRun: true }));
    expect(dry.dryRun).toBe(true);
    expect(dry).not.toHaveProperty('applied');
    expect(dry.entries).toEqual(doc.entries);
  });

  it('loses nothing through JSON text (no undefined, no NaN)', () => {
    const direct = planToJson(plan, { dryRun: false, applied });
    expect(roundTrip(direct)).toEqual(direct);
    expect(JSON.stringify(direct)).not.toMatch(/NaN|Infinity/);
  });
});

describe('planJsonChunks', () => {
  const whole = (plan: Plan, extra: Parameters<typeof planToJson>[1]): string => toJsonText(planToJson(plan, extra));
  const chunked = (plan: Plan, extra: Parameters<typeof planToJson>[1]): string[] => [...planJsonChunks(plan, extra)];
  /** Where two texts first differ (-1: equal), with what is around it: a readable failure even for megabytes. */
  const firstDifference = (a: string, b: string): { at: number; got: string; want: string } => {
    let at = 0;
    while (at < a.length && at < b.length && a[at] === b[at]) at++;
    if (at === a.length && at === b.length) return { at: -1, got: '', want: '' };
    return { at, got: a.slice(Math.max(0, at - 40), at + 40), want: b.slice(Math.max(0, at - 40), at + 40) };
  };
  const same = { at: -1, got: '', want: '' };

  it.each([
    ['a dry run', { dryRun: true }],
    ['an applied run with warnings, host and exit code', { dryRun: false, applied, warnings: ['a: cannot read x/: EACCES'], exitCode: 4, host: 'node-1' }],
  ])('gives exactly the characters of the whole document: %s', (_what, extra) => {
    const plan = bigPlan();
    expect(firstDifference(chunked(plan, extra).join(''), whole(plan, extra))).toEqual(same);
  });

  it('gives the same characters for a plan without entries', () => {
    const plan = { ...bigPlan(), entries: [] };
    expect(firstDifference(chunked(plan, { dryRun: true }).join(''), whole(plan, { dryRun: true }))).toEqual(same);
  });

  it('cuts a long document into chunks of tens of kilobytes, with names in the one escape form (toJsonText)', () => {
    const base = bigPlan();
    const odd = ['quote"d', 'back\\slash', 'new\nline', 'tab\there', 'entries": []', 'ünïcødé', '\u2028'];
    const entries = Array.from({ length: 12_000 }, (_, i) => {
      const p = base.entries[i % base.entries.length]!;
      return { ...p, entry: { ...p.entry, name: `${odd[i % odd.length]}-${i}` } };
    });
    const plan = { ...base, entries };
    const parts = chunked(plan, { dryRun: true });
    expect(parts.length).toBeGreaterThan(2);
    for (const c of parts.slice(0, -1)) expect([c.length >= 1 << 15, c.length <= 1 << 20]).toEqual([true, true]);
    expect(firstDifference(parts.join(''), whole(plan, { dryRun: true }))).toEqual(same);
  });
  it('writes each entry as toJsonText would, whatever its values (the hand-written entry text against the general one)', () => {
    const base = bigPlan();
    const text = fc.oneof(fc.string(), fc.fullUnicodeString(), fc.string({ unit: 'binary' }), fc.string16bits(), fc.constantFrom('quote"d', 'back\\slash', 'new\nline', '\u202e', '\ud800', 'é'));
    const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, NaN, Infinity, 2 ** 53, 1e21));
    const entry = fc.record({
      at: fc.nat(),
      name: text,
      cls: text,
      bytes: num,
      apparent: num,
      lastUsed: fc.oneof(fc.integer({ min: -1e15, max: 8.64e15 }), fc.constantFrom(0, -0, NaN, Infinity, 1.5)), // a Date's range: iso() throws past it, either way
      idle: num,
      hits: num,
      refetches: fc.option(num, { nil: undefined }),
      inUse: fc.array(text, { maxLength: 2 }),
      pinned: fc.boolean(),
      detail: fc.option(text, { nil: undefined }),
      order: fc.option(fc.nat(), { nil: undefined }),
      link: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (rows) => {
        const linkGroups = [{ members: ['a"b', 'c'], inodes: [] }, { members: [], inodes: [] }];
        const entries = rows.map((r) => {
          const p = base.entries[r.at % base.entries.length]!;
          const link = r.link === undefined ? undefined : { group: r.link, privateBytes: 0 };
          return {
            ...p,
            entry: { ...p.entry, name: r.name, class: r.cls, bytes: r.bytes, apparentBytes: r.apparent, ...(link ? { link } : {}) },
            usage: { ...p.usage, lastUsedMs: r.lastUsed, hits: r.hits, refetches: r.refetches, inUse: r.inUse, pinned: r.pinned },
            idleMs: r.idle,
            detail: r.detail,
            order: r.order,
          };
        });
        const plan = { ...base, entries, linkGroups };
        expect(firstDifference(chunked(plan, { dryRun: true }).join(''), whole(plan, { dryRun: true }))).toEqual(same);
      }),
    );
  });
});

describe('isoWriter', () => {
  it('writes what toISOString writes (null for no time, 0 and before), on both sides of the cases it hands on', () => {
    const isoOf = isoWriter();
    const ms = fc.oneof(
      fc.integer({ min: 1, max: 253_402_300_799_999 }),
      fc.integer({ min: 253_402_300_799_000, max: 253_402_300_801_000 }),
      fc.double({ min: 0, max: 8.64e15, noNaN: true }),
      fc.double({ min: 1.7e12, max: 1.8e12, noNaN: true }), // file times: fractions of a millisecond
      fc.constantFrom(0, -1, -0, 1, 86_399_999, 86_400_000, NaN, Infinity, 8.64e15),
    );
    fc.assert(
      fc.property(ms, (t) => {
        const want = !Number.isFinite(t) || t <= 0 ? null : new Date(t).toISOString();
        expect(isoOf(t)).toBe(want);
        expect(isoOf(t)).toBe(want); // again, from the day it remembered
      }),
      { numRuns: 2000 },
    );
    expect(isoOf(undefined)).toBeNull();
  });
});
