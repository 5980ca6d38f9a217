import type { Applied } from '../apply/apply.js';
import type { Figures, Plan, PlannedEntry } from '../plan/types.js';
import type { ScanResult, Unreadable, Usage } from '../types.js';

/** Version of the JSON document. Bump on any incompatible change; adding fields is compatible. */
export const SCHEMA_VERSION = 1;

const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) || ms <= 0 ? null : new Date(ms).toISOString());

function figures(f: Figures) {
  return {
    cacheBytes: f.cacheBytes,
    diskUsedPercent: Math.round(f.diskUsedPercent * 1000) / 1000,
    diskAvailableBytes: f.diskAvailableBytes,
    diskUsedBytes: f.diskUsedBytes,
  };
}

function entryJson(p: PlannedEntry) {
  return {
    name: p.entry.name,
    class: p.entry.class,
    kind: p.entry.kind,
    bytes: p.entry.bytes,
    apparentBytes: p.entry.apparentBytes,
    lastUsed: iso(p.usage.lastUsedMs),
    idleSeconds: Math.floor(p.idleMs / 1000),
    hits: p.usage.hits,
    inUse: p.usage.inUse,
    pinned: p.usage.pinned,
    decision: p.decision,
    reason: p.reason,
    detail: p.detail ?? null,
    order: p.order ?? null,
  };
}

/** The `--json` document of a plan (and, after applying, its outcome). */
export function planToJson(
  plan: Plan,
  extra: { dryRun: boolean; applied?: Applied; warnings?: string[]; unreadable?: readonly Unreadable[]; exitCode?: number; host?: string },
) {
  return {
    schema: SCHEMA_VERSION,
    command: extra.dryRun ? 'plan' : 'clean',
    host: extra.host ?? null,
    root: plan.root,
    layout: plan.layout,
    strategy: plan.strategy,
    dryRun: extra.dryRun,
    now: new Date(plan.now).toISOString(),
    trigger: plan.trigger,
    before: figures(plan.before),
    after: figures(plan.after),
    entries: plan.entries.map(entryJson),
    summary: plan.summary,
    notes: plan.notes,
    warnings: extra.warnings ?? [],
    unreadable: (extra.unreadable ?? []).map((u) => ({ entry: u.entry, path: u.path, error: u.error })),
    ...(extra.applied
      ? {
          applied: {
            deleted: extra.applied.deleted,
            skipped: extra.applied.skipped,
            failed: extra.applied.failed,
            freedBytes: extra.applied.freedBytes,
            interrupted: extra.applied.interrupted,
          },
        }
      : {}),
    ...(extra.exitCode !== undefined ? { exitCode: extra.exitCode } : {}),
  };
}

/** The `status --json` document: the inventory, no decisions. */
export function statusToJson(scan: ScanResult, usage: ReadonlyMap<string, Usage>, disk: Figures, now: number) {
  return {
    schema: SCHEMA_VERSION,
    command: 'status',
    root: scan.root,
    layout: scan.layout,
    now: new Date(now).toISOString(),
    disk: figures(disk),
    summary: { entries: scan.entries.length, cacheBytes: scan.cacheBytes },
    entries: scan.entries.map((e) => {
      const u = usage.get(e.name);
      return {
        name: e.name,
        class: e.class,
        kind: e.kind,
        bytes: e.bytes,
        apparentBytes: e.apparentBytes,
        lastUsed: iso(u?.lastUsedMs),
        idleSeconds: u ? Math.max(0, Math.floor((now - u.lastUsedMs) / 1000)) : null,
        hits: u?.hits ?? 0,
        firstSeen: iso(u?.firstSeenMs),
        inUse: u?.inUse ?? [],
        pinned: u?.pinned ?? false,
        unknown: e.unknownWhy ?? null,
      };
    }),
    warnings: scan.warnings,
  };
}
