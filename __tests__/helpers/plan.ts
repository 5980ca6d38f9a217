import type { Plan, PlannedEntry } from '../../src/plan/types.js';
import type { Entry, ScanResult } from '../../src/shared/types.js';
import { makeUsage } from './fixtures.js';

const figures = { cacheBytes: 0, diskUsedBytes: 0, diskUsedPercent: 0, diskAvailableBytes: 0 };

/**
 * A hand-made plan that evicts the named entries (in the given order) and keeps the rest, for testing
 * applyPlan without the planner: apply must never decide, only re-check and delete.
 */
export function evictPlan(scan: ScanResult, victims: readonly string[], now = Date.now()): Plan {
  const byName = new Map(scan.entries.map((e) => [e.name, e] as const));
  const planned = (entry: Entry, evict: boolean, order?: number): PlannedEntry => ({
    entry,
    usage: makeUsage({ lastUsedMs: Math.max(entry.mtimeMs, entry.atimeMs) }),
    idleMs: Math.max(0, now - Math.max(entry.mtimeMs, entry.atimeMs)),
    decision: evict ? 'evict' : 'keep',
    reason: evict ? 'expired' : 'not-expired',
    ...(order !== undefined ? { order } : {}),
  });
  const entries: PlannedEntry[] = victims.map((name, i) => {
    const e = byName.get(name);
    if (!e) throw new Error(`evictPlan: no entry named ${name} in the scan (${[...byName.keys()].join(', ')})`);
    return planned(e, true, i + 1);
  });
  for (const e of scan.entries) if (!victims.includes(e.name)) entries.push(planned(e, false));
  const evictBytes = entries.filter((p) => p.decision === 'evict').reduce((s, p) => s + p.entry.bytes, 0);
  return {
    root: scan.root,
    layout: scan.layout,
    strategy: 'age',
    linkGroups: [],
    now,
    trigger: { kind: 'expiry', threshold: null, target: null, reached: true, maxAgeSeconds: 1 },
    before: figures,
    after: figures,
    entries,
    summary: {
      entries: scan.entries.length,
      evictCount: victims.length,
      evictBytes,
      keepCount: scan.entries.length - victims.length,
      keepBytes: 0,
      shortfallBytes: 0,
    },
    notes: [],
  };
}
