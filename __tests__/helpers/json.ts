/** The `--json` document's documented fields (docs/ and issue 2), checked field by field. */
import { expectValidPlanDocument } from './plan-schema.js';

/** The documented reason codes (docs/strategies.md#reason-codes), evict's first; a docs test checks both tables. */
export const EVICT_REASONS = ['interrupted', 'expired', 'over-threshold', 'requested'];
export const REASONS = [
  ...EVICT_REASONS,
  'in-use',
  'pinned',
  'protected',
  'too-young',
  'partial',
  'unknown',
  'below-threshold',
  'target-met',
  'not-expired',
  'linked',
  'warm',
  'not-requested',
  'excluded',
  'capped',
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

export interface PlanEntryJson {
  name: string;
  class: string;
  bytes: number;
  apparentBytes: number;
  lastUsed: string | null;
  idleSeconds: number;
  hits: number;
  inUse: string[];
  decision: 'evict' | 'keep';
  reason: string;
}

/** The `storage` object of the plan, clean and status documents. */
export interface StorageJson {
  filesystem: string;
  family: string | null;
  shared: boolean;
  why: string[];
  novaHosts: string[] | null;
  locksHostLocal: string | null;
  lockFile: string | null;
  orphanedNovaLocks: { dir: string; count: number; names: string[] } | null;
}

export interface PlanJson {
  schema: number;
  root: string;
  strategy: string;
  dryRun: boolean;
  now: string;
  trigger: { kind: string; threshold: number | null; target: number | null; reached: boolean };
  before: { cacheBytes: number; diskUsedPercent: number; diskAvailableBytes: number };
  after: { cacheBytes: number; diskUsedPercent: number; diskAvailableBytes: number };
  entries: PlanEntryJson[];
  summary: { entries: number; evictCount: number; evictBytes: number; shortfallBytes: number };
  unreadable: { entry: string; path: string; error: string }[];
  exitCode?: number;
  storage?: StorageJson | null;
  warnings?: string[];
  applied?: { deleted: string[]; skipped: { name: string; why: string }[]; failed: { name: string; error: string }[] };
}

const figures = expect.objectContaining({
  cacheBytes: expect.any(Number),
  diskUsedPercent: expect.any(Number),
  diskAvailableBytes: expect.any(Number),
});

/**
 * Every documented field is there with its type (docs/plan.schema.json, every field declared), and the summary
 * agrees with the entries.
 */
export function expectPlanDocument(doc: PlanJson, opts: { root: string; dryRun: boolean; applied: boolean }): void {
  expectValidPlanDocument(doc);
  expect(doc).toEqual(
    expect.objectContaining({
      schema: 1,
      root: opts.root,
      strategy: expect.any(String),
      dryRun: opts.dryRun,
      now: expect.stringMatching(ISO),
      trigger: expect.objectContaining({
        kind: expect.stringMatching(/^(percent|size|min-free|expiry|none)$/),
        reached: expect.any(Boolean),
      }),
      before: figures,
      after: figures,
      entries: expect.any(Array),
      unreadable: expect.any(Array),
      summary: expect.objectContaining({
        entries: expect.any(Number),
        evictCount: expect.any(Number),
        evictBytes: expect.any(Number),
        shortfallBytes: expect.any(Number),
      }),
      regret: expect.objectContaining({ victimsRefetched: { entries: expect.any(Number), bytes: expect.any(Number) } }),
    }),
  );
  for (const k of ['threshold', 'target'] as const) {
    expect(doc.trigger[k] === null || typeof doc.trigger[k] === 'number').toBe(true);
  }
  for (const e of doc.entries) {
    expect(e).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        class: expect.any(String),
        bytes: expect.any(Number),
        apparentBytes: expect.any(Number),
        idleSeconds: expect.any(Number),
        hits: expect.any(Number),
        refetches: expect.any(Number),
        inUse: expect.any(Array),
        decision: expect.stringMatching(/^(evict|keep)$/),
        reason: expect.any(String),
      }),
    );
    expect(REASONS).toContain(e.reason);
    expect(e.decision === 'evict').toBe(EVICT_REASONS.includes(e.reason));
    expect(e.lastUsed === null || ISO.test(e.lastUsed)).toBe(true);
    expect(e.idleSeconds).toBeGreaterThanOrEqual(0);
  }
  const names = doc.entries.map((e) => e.name);
  expect(new Set(names).size).toBe(names.length); // one decision per entry
  const victims = doc.entries.filter((e) => e.decision === 'evict');
  expect(doc.summary.entries).toBe(doc.entries.length);
  expect(doc.summary.evictCount).toBe(victims.length);
  expect(doc.summary.evictBytes).toBe(victims.reduce((s, e) => s + e.bytes, 0));
  if (opts.applied) {
    expect(doc.applied).toEqual(
      expect.objectContaining({ deleted: expect.any(Array), skipped: expect.any(Array), failed: expect.any(Array) }),
    );
    const done = [...doc.applied!.deleted, ...doc.applied!.skipped.map((s) => s.name), ...doc.applied!.failed.map((f) => f.name)];
    expect(done.sort()).toEqual(victims.map((v) => v.name).sort()); // every victim accounted for, once
  } else {
    expect(doc.applied).toBeUndefined();
  }
}
