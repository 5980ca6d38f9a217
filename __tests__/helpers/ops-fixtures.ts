import type { Output } from '../../src/cli/term/output.js';
import type { Plan, PlannedEntry } from '../../src/plan/types.js';
import type { Reason } from '../../src/shared/types.js';
import { fakeEntry, makeUsage } from './fixtures.js';
import { HOUR } from './units.js';

/** An in-process Output that records what the CLI prints. */
export function captureOutput(opts: { stderrIsTTY?: boolean; stdoutIsTTY?: boolean } = {}): Output & { stdout: string[]; stderr: string[]; raw: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const raw: string[] = [];
  return {
    stdout,
    stderr,
    raw,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    progress: (t) => raw.push(t),
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    colorLevel: 0,
  };
}

/** A small hand-made plan for report tests. */
export function samplePlan(now = Date.UTC(2025, 0, 15, 12)): Plan {
  const mk = (name: string, bytes: number, idleH: number, decision: 'evict' | 'keep', reason: Reason, order?: number, detail?: string): PlannedEntry => {
    const e = fakeEntry(name, bytes, now - idleH * HOUR);
    return {
      entry: e,
      usage: makeUsage({ lastUsedMs: e.mtimeMs }),
      idleMs: idleH * HOUR,
      decision,
      reason,
      ...(order !== undefined ? { order } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
  };
  const entries = [
    mk('big-old', 800 * 2 ** 20, 72, 'evict', 'expired', 1, 'idle 3d, max-age 1d'),
    mk('mid', 300 * 2 ** 20, 30, 'evict', 'over-threshold', 2),
    mk('capped-one', 200 * 2 ** 20, 20, 'keep', 'capped', undefined, '--max-delete 2 entries reached'),
    mk('fresh', 10 * 2 ** 20, 0.05, 'keep', 'too-young'),
    mk('keep|pipe*star_<b>', 5 * 2 ** 20, 5, 'keep', 'target-met'),
    mk('golden.keep', 50 * 2 ** 20, 400, 'keep', 'protected'),
  ];
  const sum = (xs: PlannedEntry[]): number => xs.reduce((s, x) => s + x.entry.bytes, 0);
  const victims = entries.filter((e) => e.decision === 'evict');
  const kept = entries.filter((e) => e.decision === 'keep');
  const total = 100 * 2 ** 30;
  const used = 0.9 * total;
  const freed = sum(victims);
  return {
    root: '/var/cache/demo',
    layout: 'generic',
    strategy: 'lru',
    linkGroups: [],
    now,
    trigger: { kind: 'percent', threshold: 85, target: 80, reached: true, maxAgeSeconds: 86400 },
    before: { cacheBytes: sum(entries), diskUsedBytes: used, diskAvailableBytes: total - used, diskUsedPercent: 90 },
    after: { cacheBytes: sum(entries) - freed, diskUsedBytes: used - freed, diskAvailableBytes: total - used + freed, diskUsedPercent: ((used - freed) / total) * 100 },
    entries,
    summary: {
      entries: entries.length,
      evictCount: victims.length,
      evictBytes: freed,
      keepCount: kept.length,
      keepBytes: sum(kept),
      shortfallBytes: 2 ** 30,
      cappedCount: 1,
      cappedBytes: 200 * 2 ** 20,
    },
    notes: [],
  };
}
