/** The core's plan and status: figures as fields, entries only through count, at(i), iteration and victims(). */
import path from 'node:path';
import { cacheStatus, planCache } from '../../src/core/api.js';
import { planOf, statusOf, type CachePlan } from '../../src/core/results.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { tempCache, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';

const now = Date.UTC(2026, 0, 10);
let t: ReturnType<typeof tempCache>;
beforeEach(() => {
  t = tempCache();
  for (const [n, days] of [['a', 5], ['b', 4], ['c', 3], ['fresh', 0]] as const) writeFile(path.join(t.cache, n), 4096, now - days * DAY);
});
afterEach(() => t.cleanup());

const names = (it: Iterable<{ entry: { name: string } }>): string[] => [...it].map((e) => e.entry.name);

it('victims() stops at the first kept entry: what --max-delete held back follows the victims but is not one', async () => {
  const plan = await planCache({ root: t.cache, stateDir: t.state, clock: () => now, plan: planOptionsFrom({ maxAge: '2d', maxDelete: '2' }) });
  expect(names(plan.victims())).toEqual(['a', 'b']);
  expect(names(plan)).toEqual(['a', 'b', 'c', 'fresh']);
  expect(plan.at(2)).toMatchObject({ decision: 'keep', reason: 'capped' });
  expect(plan.summary).toMatchObject({ entries: 4, evictCount: 2, cappedCount: 1 });
  expect([plan.count, plan.at(-1), plan.at(4), plan.at(1.5)]).toEqual([4, undefined, undefined, undefined]);
  expect(planOf(plan).entries.map((e) => e.entry.name)).toEqual(names(plan)); // the same entries, same order
});

it('a plan with nothing to evict has no victims, and its entries by name', async () => {
  const plan = await planCache({ root: t.cache, stateDir: t.state, clock: () => now, plan: planOptionsFrom({ maxAge: '30d' }) });
  expect(names(plan.victims())).toEqual([]);
  expect(names(plan)).toEqual(['a', 'b', 'c', 'fresh']);
});

it('a status lists every entry by name with its usage', async () => {
  const s = await cacheStatus({ root: t.cache, stateDir: t.state, clock: () => now, noAtime: true });
  expect(names(s)).toEqual(['a', 'b', 'c', 'fresh']);
  expect(s.at(0)!.usage.lastUsedMs).toBe(now - 5 * DAY);
  expect([s.count, s.at(4), s.figures.cacheBytes >= 4 * 4096]).toEqual([4, undefined, true]);
  expect(statusOf(s).scan.entries).toHaveLength(4);
});

it("the internal views refuse objects they did not make (a caller's own CachePlan is not a Plan)", () => {
  expect(() => planOf({ count: 0 } as unknown as CachePlan)).toThrow(TypeError);
});
