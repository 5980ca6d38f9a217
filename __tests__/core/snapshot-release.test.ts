/**
 * A run that writes nothing reads the usage store from a snapshot: the whole database in memory. What it needs of it
 * is read before the scan and the snapshot closed then, not held beside the scan's entries, and closed too when
 * planning fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jest } from '@jest/globals';
import { cacheStatus, planCache } from '../../src/core/api.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { openStoreForWrite } from '../../src/usage/store/open.js';
import { UsageStore } from '../../src/usage/store/store.js';
import { recordHit } from '../../src/usage/store/write.js';
import { tempCache, writeFile } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';

const now = Date.UTC(2026, 0, 10);
let t: ReturnType<typeof tempCache>;
beforeEach(() => {
  t = tempCache();
  writeFile(path.join(t.cache, 'a'), 4096, now - 5 * DAY);
  const s = openStoreForWrite(t.state);
  const st = fs.statSync(path.join(t.cache, 'a'));
  recordHit(s, t.cache, { name: 'a', dev: st.dev, ino: st.ino, kind: 'file' }, now - DAY);
  s.close();
});
afterEach(() => {
  jest.restoreAllMocks();
  t.cleanup();
});

/** Closes that found the database still open: a second close() of the same store is a no-op and does not count. */
function closes(): () => number {
  let n = 0;
  const real = UsageStore.prototype.close;
  jest.spyOn(UsageStore.prototype, 'close').mockImplementation(function (this: UsageStore) {
    if (this.db.open) n++;
    real.call(this);
  });
  return () => n;
}

it('planCache closes the snapshot it read once the plan is made', async () => {
  const count = closes();
  const plan = await planCache({ root: t.cache, stateDir: t.state, clock: () => now, plan: planOptionsFrom({ maxAge: '30d' }) });
  expect(count()).toBe(1);
  expect(plan.at(0)!.usage.hits).toBe(1); // what the store said is in the plan
});

it('the snapshot is closed before the scan begins', async () => {
  const count = closes();
  const atScan: number[] = [];
  const plan = await planCache(
    { root: t.cache, stateDir: t.state, clock: () => now, plan: planOptionsFrom({ maxAge: '30d', halfLife: '7d' }) },
    { onScanProgress: () => atScan.push(count()) },
  );
  expect(atScan.length).toBeGreaterThan(0);
  expect(atScan.every((n) => n === 1)).toBe(true);
  expect(count()).toBe(1);
  expect(plan.at(0)!.usage.hits).toBe(1);
  expect(plan.at(0)!.usage.decayed?.halfLifeMs).toBe(7 * DAY); // the half-life reached the read made before the scan
});

it('cacheStatus closes it too', async () => {
  const count = closes();
  const s = await cacheStatus({ root: t.cache, stateDir: t.state, clock: () => now });
  expect(count()).toBe(1);
  expect(s.at(0)!.usage.hits).toBe(1);
});

it('a plan that fails after the store was read still closes it', async () => {
  const count = closes();
  const selection = { names: ['not-there'], globs: [], all: false, forceYoung: false };
  await expect(planCache({ root: t.cache, stateDir: t.state, clock: () => now, plan: { ...planOptionsFrom({}), selection } })).rejects.toThrow(/not-there/);
  expect(count()).toBe(1);
});
