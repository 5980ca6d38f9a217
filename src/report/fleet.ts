import type { Figures, PlanDoc } from './plan-schema.js';

/** One row of a fleet report: one node's run on one cache. */
export interface FleetNode {
  node: string;
  root: string;
  file: string;
  command: 'plan' | 'clean';
  dryRun: boolean;
  when: string;
  strategy: string;
  layout: string;
  exitCode: number | null;
  trigger: { kind: string; threshold: number | null; target: number | null; reached: boolean };
  entries: number;
  evictCount: number;
  evictBytes: number;
  cappedCount: number;
  cappedBytes: number;
  shortfallBytes: number;
  deleted: number;
  skipped: number;
  failed: number;
  freedBytes: number;
  before: Figures;
  after: Figures;
}

export interface FleetDoc {
  schema: 1;
  command: 'fleet';
  generated: string;
  nodes: FleetNode[];
  totals: {
    nodes: number;
    shortfallNodes: number;
    failedNodes: number;
    entries: number;
    evictCount: number;
    evictBytes: number;
    freedBytes: number;
    shortfallBytes: number;
    cacheBytesBefore: number;
    cacheBytesAfter: number;
  };
}

/**
 * Merge nodes' JSON plans into one fleet document: a row per node (per cache when a node has several),
 * the nodes in shortfall first (largest shortfall first), then those whose run failed, then by name. Pure.
 */
export function mergeFleet(inputs: readonly { file: string; doc: PlanDoc; fallbackName: string }[], now: number): FleetDoc {
  const nodes: FleetNode[] = inputs.map(({ file, doc, fallbackName }) => ({
    node: doc.host || fallbackName,
    root: doc.root,
    file,
    command: doc.command,
    dryRun: doc.dryRun,
    when: doc.now,
    strategy: doc.strategy,
    layout: doc.layout,
    exitCode: doc.exitCode ?? null,
    trigger: { kind: doc.trigger.kind, threshold: doc.trigger.threshold, target: doc.trigger.target, reached: doc.trigger.reached },
    entries: doc.summary.entries,
    evictCount: doc.summary.evictCount,
    evictBytes: doc.summary.evictBytes,
    cappedCount: doc.summary.cappedCount ?? 0,
    cappedBytes: doc.summary.cappedBytes ?? 0,
    shortfallBytes: doc.summary.shortfallBytes,
    deleted: doc.applied?.deleted.length ?? 0,
    skipped: doc.applied?.skipped.length ?? 0,
    failed: doc.applied?.failed.length ?? 0,
    freedBytes: doc.applied?.freedBytes ?? 0,
    before: doc.before,
    after: doc.after,
  }));
  const failedRun = (n: FleetNode): boolean => n.failed > 0 || (n.exitCode !== null && n.exitCode !== 0 && n.exitCode !== 5);
  nodes.sort(
    (a, b) =>
      b.shortfallBytes - a.shortfallBytes ||
      Number(failedRun(b)) - Number(failedRun(a)) ||
      (a.node < b.node ? -1 : a.node > b.node ? 1 : 0) ||
      (a.root < b.root ? -1 : a.root > b.root ? 1 : 0),
  );
  const sum = (f: (n: FleetNode) => number): number => nodes.reduce((s, n) => s + f(n), 0);
  return {
    schema: 1,
    command: 'fleet',
    generated: new Date(now).toISOString(),
    nodes,
    totals: {
      nodes: nodes.length,
      shortfallNodes: nodes.filter((n) => n.shortfallBytes > 0).length,
      failedNodes: nodes.filter(failedRun).length,
      entries: sum((n) => n.entries),
      evictCount: sum((n) => n.evictCount),
      evictBytes: sum((n) => n.evictBytes),
      freedBytes: sum((n) => n.freedBytes),
      shortfallBytes: sum((n) => n.shortfallBytes),
      cacheBytesBefore: sum((n) => n.before.cacheBytes),
      cacheBytesAfter: sum((n) => n.after.cacheBytes),
    },
  };
}
