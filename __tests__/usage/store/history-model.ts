import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Usage } from '../../../src/shared/types.js';
import { openStoreForWrite } from '../../../src/usage/store/open.js';
import { readRootHistory } from '../../../src/usage/store/read.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { readRootUsage, usageRows } from '../../../src/usage/store/usage-read.js';
import { recordHit, recordRun } from '../../../src/usage/store/write.js';

/**
 * Random usage histories for the store's property tests: hits, runs that see entries in use, files replaced under
 * their name (a new inode starts afresh), entries that go, another root's uses; times up to 91 days back, some past
 * the raw horizon (retention.ts).
 */
export const ROOT = '/srv/cache';
export const OTHER = '/srv/other';
export const MIN = 60_000;
export const DAY = 86_400_000;
const NAMES = ['a', 'b', 'c', 'd'];
export const SEED = Number(process.env.FC_SEED ?? 1507);

export type Op =
  | { op: 'hit'; name: string; ago: number }
  | { op: 'run'; inUse: string[]; gone: string[] }
  | { op: 'replace'; name: string }
  | { op: 'other'; name: string };

const name = fc.constantFrom(...NAMES);
export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('hit' as const), name, ago: fc.integer({ min: 0, max: 90 * 24 * 60 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('run' as const), inUse: fc.subarray(NAMES), gone: fc.subarray(NAMES, { maxLength: 1 }) }) },
  fc.record({ op: fc.constant('replace' as const), name }),
  fc.record({ op: fc.constant('other' as const), name }),
);

/** Replay a history into a fresh store; the clock ends at `now`. Times go back up to 90 days (some beyond the raw horizon). */
export function replay(store: UsageStore, ops: readonly Op[], now: number): void {
  const ino = new Map(NAMES.map((n, i) => [n, i + 1]));
  let next = 100;
  let t = now - 91 * DAY;
  const who = (n: string) => ({ name: n, dev: 7, ino: ino.get(n)!, kind: 'file' });
  for (const o of ops) {
    t += MIN;
    if (o.op === 'hit') recordHit(store, ROOT, who(o.name), Math.max(t, now - o.ago * MIN));
    else if (o.op === 'other') recordHit(store, OTHER, who(o.name), t);
    else if (o.op === 'replace') ino.set(o.name, next++);
    else {
      const seen = NAMES.filter((n) => !o.gone.includes(n)).map((n) => ({ ...who(n), bytes: 4096, apparentBytes: 4096, inUse: o.inUse.includes(n) ? ['open by pid 1'] : [] }));
      recordRun(store, ROOT, { startedMs: t, strategy: 'lfu', layout: 'generic', plannedEvict: 0 }, seen);
    }
  }
}

/** What the provider made of the row-wise read: every time, merged and sorted, as Usage with hitTimesMs. */
export function rowWise(store: UsageStore): Map<string, Usage & { firstSeenMs: number }> {
  const out = new Map<string, Usage & { firstSeenMs: number }>();
  for (const e of readRootHistory(store, ROOT).entries) {
    const times = [...e.hitTimesMs, ...e.inUseTimesMs].sort((x, y) => x - y);
    const u: Usage & { firstSeenMs: number } = { lastUsedMs: times.at(-1) ?? 0, hits: times.length, inUse: [], pinned: false, firstSeenMs: e.firstSeenMs };
    if (times.length > 0) u.hitTimesMs = times;
    out.set(`${e.name}/${e.ino}`, u);
  }
  return out;
}

/** The aggregated read, as the provider makes it into Usage. */
export function aggregated(store: UsageStore, now: number, halfLifeMs: number): Map<string, Usage & { firstSeenMs: number }> {
  const out = new Map<string, Usage & { firstSeenMs: number }>();
  for (const e of usageRows(readRootUsage(store, ROOT, { nowMs: now, halfLifeMs }).rows)) {
    const u: Usage & { firstSeenMs: number } = { lastUsedMs: e.lastUseMs ?? 0, hits: e.uses, inUse: [], pinned: false, firstSeenMs: e.firstSeenMs };
    if (e.weight !== undefined) u.decayed = { halfLifeMs, uses: e.uses, weight: e.weight };
    out.set(`${e.name}/${e.ino}`, u);
  }
  return out;
}

export function withStore<T>(fn: (store: UsageStore) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-usage-read-'));
  const store = openStoreForWrite(dir);
  try {
    return fn(store);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

