/**
 * Pins that end (plan/safety.ts pinnedFor, through buildPlan): a store pin protects exactly while in force, and a
 * --pin-new rule protects an entry exactly from when it appeared (its mtime, or when cachesweep first saw it if later)
 * for its duration. Expectations computed here from the inputs.
 */
import fc from 'fast-check';
import { buildPlan } from '../../src/plan/build.js';
import type { PinNew } from '../../src/plan/types.js';
import { NOW, makeEntry, makeInput, makeOptions, makeUsage } from '../helpers/fixtures.js';
import { DAY, HOUR } from '../helpers/units.js';

const arbEntry = fc.record({
  ageMs: fc.integer({ min: 0, max: 20 * DAY }),
  firstSeenAgoMs: fc.option(fc.integer({ min: 0, max: 20 * DAY }), { nil: undefined }),
  storePinUntil: fc.option(fc.integer({ min: -5 * DAY, max: 5 * DAY }), { nil: undefined }),
  prefix: fc.constantFrom('warm-', 'img-'),
});
const arbCase = fc.record({
  entries: fc.array(arbEntry, { maxLength: 20 }),
  rules: fc.array(fc.record({ prefix: fc.constantFrom('warm-', 'img-', 'x-'), forMs: fc.integer({ min: 1, max: 15 * DAY }) }), { maxLength: 3 }),
});

describe('pins that end', () => {
  it('protect exactly while in force, store pins and --pin-new rules alike; an ended pin is no reason to keep', () => {
    fc.assert(
      fc.property(arbCase, ({ entries, rules }) => {
        // Written ageMs ago (what --pin-new counts from) and not read since.
        const es = entries.map((s, i) => makeEntry(`${s.prefix}${i}`, { mtimeMs: NOW - s.ageMs, atimeMs: NOW - s.ageMs }));
        // A store pin in force arrives as pinned (the store leaves ended ones out); store ends relative to NOW.
        const usage = new Map(
          entries.map((s, i) => {
            const inForce = s.storePinUntil !== undefined && s.storePinUntil > 0;
            return [
              es[i]!.name,
              makeUsage({
                idleMs: s.ageMs,
                ...(s.firstSeenAgoMs !== undefined ? { arrivedByMs: NOW - s.firstSeenAgoMs } : {}),
                pinned: inForce,
                ...(inForce ? { pinnedUntilMs: NOW + s.storePinUntil! } : {}),
              }),
            ];
          }),
        );
        const pinNew: PinNew[] = rules.map((r) => ({ spec: `${r.prefix}*=${r.forMs}ms`, matches: (n) => n.startsWith(r.prefix), forMs: r.forMs }));
        const plan = buildPlan(makeInput(es, { usage }), makeOptions({ minAgeMs: 0, maxAgeMs: HOUR, pinNew }));
        entries.forEach((s, i) => {
          const name = es[i]!.name;
          const appeared = Math.max(NOW - s.ageMs, s.firstSeenAgoMs !== undefined ? NOW - s.firstSeenAgoMs : 0);
          const byRule = rules.some((r) => name.startsWith(r.prefix) && appeared + r.forMs > NOW);
          const byStore = s.storePinUntil !== undefined && s.storePinUntil > 0;
          const p = plan.entries.find((e) => e.entry.name === name)!;
          expect([name, p.reason === 'pinned']).toEqual([name, byStore || byRule]);
          if (byStore) expect(p.detail).toMatch(/^until \d{4}-/);
        });
      }),
      { numRuns: 300 },
    );
  });
});
