import type { Applied } from '../apply/apply.js';
import { afterFreeing } from '../plan/trigger.js';
import type { Figures, Plan } from '../plan/types.js';
import { REASON_ORDER } from './doc.js';
import { victimsRefetched } from './regret.js';
import { REGRET_WINDOWS } from '../shared/regret.js';
import { planRows } from '../plan/rows.js';
import { EVICT_REASONS } from '../shared/types.js';

/** What a metrics file says about one run. */
export interface MetricsInput {
  plan: Plan;
  applied?: Applied;
  dryRun: boolean;
  exitCode: number;
  startedMs: number;
  finishedMs: number;
  version?: string;
  /** Counter values from the previous metrics file of this root (they keep counting across runs). */
  previous?: Partial<Record<CounterName, number>>;
}

export const COUNTERS = ['cachesweep_runs_total', 'cachesweep_freed_bytes_total', 'cachesweep_deleted_entries_total'] as const;
export type CounterName = (typeof COUNTERS)[number];

/** Escape a label value: backslash, double quote and line feed, as the text format requires. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}


/** Writes one metric family: HELP, TYPE and a sample per label set (the root label comes first). */
type Family = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => void;

/**
 * Prometheus text-format metrics of a run, for node_exporter's textfile collector. Base units (seconds, bytes,
 * ratios 0-1), `cachesweep_` prefix, `_total` only on the counters; every series carries the cache root as
 * `root`, so several caches of one node can each have a file. Decision/reason series are written for every
 * reason, 0 when no entry has it, so alerts and graphs do not see series come and go.
 */
export function metricsText(m: MetricsInput): string {
  const root = `root="${labelValue(m.plan.root)}"`;
  const out: string[] = [];
  const family: Family = (name, type, help, samples) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) out.push(`${name}{${[root, labels].filter(Boolean).join(',')}} ${num(v)}`);
  };
  runFamilies(family, m);
  planFamilies(family, m);
  triggerFamilies(family, m.plan.trigger);
  counterFamilies(family, m);
  regretFamilies(m.plan, family);
  return `${out.join('\n')}\n`;
}

function runFamilies(family: Family, m: MetricsInput): void {
  const { plan } = m;
  family('cachesweep_last_run_timestamp_seconds', 'gauge', 'When the last run finished, in seconds since the Unix epoch.', [['', m.finishedMs / 1000]]);
  family('cachesweep_last_run_duration_seconds', 'gauge', 'How long the last run took, in seconds.', [['', Math.max(0, m.finishedMs - m.startedMs) / 1000]]);
  family(
    'cachesweep_last_run_exit_code',
    'gauge',
    'Exit code of the last run: 0 done, 1 internal error, 2 usage error, 4 some entries could not be read or deleted, 5 shortfall, 130/143 stopped by a signal.',
    [['', m.exitCode]],
  );
  family('cachesweep_last_run_dry_run', 'gauge', '1 when the last run was a dry run (plan, clean --dry-run), else 0.', [['', m.dryRun ? 1 : 0]]);
  family('cachesweep_run_info', 'gauge', 'Settings of the last run, as labels; always 1.', [
    [`layout="${labelValue(plan.layout)}",strategy="${labelValue(plan.strategy)}",version="${labelValue(m.version ?? '')}"`, 1],
  ]);
}

/** Entries and bytes by decision and reason (every reason, 0 when none has it), outcomes, sizes and disk figures. */
function planFamilies(family: Family, m: MetricsInput): void {
  const { plan, applied } = m;
  const groups = new Map<string, { decision: string; reason: string; count: number; bytes: number }>();
  for (const r of REASON_ORDER) {
    const decision = (EVICT_REASONS as readonly string[]).includes(r) ? 'evict' : 'keep';
    groups.set(`${decision}/${r}`, { decision, reason: r, count: 0, bytes: 0 });
  }
  for (const e of planRows(plan)) {
    const k = `${e.decision}/${e.reason}`;
    const g = groups.get(k) ?? { decision: e.decision, reason: e.reason, count: 0, bytes: 0 };
    g.count++;
    g.bytes += e.entry.bytes;
    groups.set(k, g);
  }
  const labelOf = (g: { decision: string; reason: string }): string => `decision="${g.decision}",reason="${labelValue(g.reason)}"`;
  family('cachesweep_plan_entries', 'gauge', 'Cache entries by the decision and reason of the last plan.', [...groups.values()].map((g) => [labelOf(g), g.count]));
  family(
    'cachesweep_plan_bytes',
    'gauge',
    'Bytes of those entries (what evicting them frees), by decision and reason.',
    [...groups.values()].map((g) => [labelOf(g), g.bytes]),
  );
  const broken = { evict: 0, keep: 0 };
  for (const e of planRows(plan)) if (e.interrupted) broken[e.decision]++;
  family(
    'cachesweep_interrupted_entries',
    'gauge',
    'Entries an earlier run began to delete and did not finish, as the last plan found them: finished now (evict) or held back, half-deleted (keep).',
    [
      ['decision="evict"', broken.evict],
      ['decision="keep"', broken.keep],
    ],
  );
  family('cachesweep_evictions', 'gauge', 'Evictions of the last run by outcome (all 0 for a dry run).', [
    ['outcome="deleted"', applied?.deleted.length ?? 0],
    ['outcome="skipped"', applied?.skipped.length ?? 0],
    ['outcome="failed"', applied?.failed.length ?? 0],
  ]);
  family('cachesweep_freed_bytes', 'gauge', 'Bytes the last run freed (0 for a dry run).', [['', applied?.freedBytes ?? 0]]);
  family('cachesweep_shortfall_bytes', 'gauge', 'Bytes the last plan could not free to meet its target (0 when met).', [['', plan.summary.shortfallBytes]]);
  family('cachesweep_cache_size_bytes', 'gauge', 'Size of the cache (allocated bytes) when the last run scanned it.', [['', plan.before.cacheBytes]]);
  const afterFigures = afterOf(plan, m);
  family('cachesweep_disk_used_ratio', 'gauge', "Filesystem use as df computes Use% (0 to 1), before the last run and after it (planned for a dry run).", [
    ['when="before"', plan.before.diskUsedPercent / 100],
    ['when="after"', afterFigures.diskUsedPercent / 100],
  ]);
  family('cachesweep_disk_available_bytes', 'gauge', 'Bytes available to unprivileged users on the filesystem, before and after the last run.', [
    ['when="before"', plan.before.diskAvailableBytes],
    ['when="after"', afterFigures.diskAvailableBytes],
  ]);
}

function triggerFamilies(family: Family, t: Plan['trigger']): void {
  family('cachesweep_trigger_reached', 'gauge', '1 when the last run found its threshold reached (or evicts by expiry only), else 0.', [['', t.reached ? 1 : 0]]);
  if (t.kind === 'percent' && t.threshold !== null) {
    family('cachesweep_threshold_ratio', 'gauge', 'The --threshold of the last run, as a ratio of the filesystem.', [['', t.threshold / 100]]);
    if (t.target !== null) family('cachesweep_target_ratio', 'gauge', 'The --target of the last run, as a ratio of the filesystem.', [['', t.target / 100]]);
  } else if (t.kind === 'size' && t.threshold !== null) {
    family('cachesweep_threshold_bytes', 'gauge', 'The --threshold of the last run, as a cache size.', [['', t.threshold]]);
    if (t.target !== null) family('cachesweep_target_bytes', 'gauge', 'The --target of the last run, as a cache size.', [['', t.target]]);
  } else if (t.kind === 'min-free' && t.threshold !== null) {
    family('cachesweep_min_free_bytes', 'gauge', 'The --min-free of the last run.', [['', t.threshold]]);
  }
  if (t.maxAgeSeconds !== null) family('cachesweep_max_age_seconds', 'gauge', 'The max-age entries expire at in the last run.', [['', t.maxAgeSeconds]]);
}

/** The counters go on from the previous file of this root. */
function counterFamilies(family: Family, m: MetricsInput): void {
  const prev = m.previous ?? {};
  const freed = m.applied?.freedBytes ?? 0;
  const deleted = m.applied?.deleted.length ?? 0;
  family('cachesweep_runs_total', 'counter', 'Runs that produced a plan, counted across runs while this file is kept.', [['', (prev.cachesweep_runs_total ?? 0) + 1]]);
  family('cachesweep_freed_bytes_total', 'counter', 'Bytes freed, counted across runs while this file is kept.', [['', (prev.cachesweep_freed_bytes_total ?? 0) + freed]]);
  family('cachesweep_deleted_entries_total', 'counter', 'Entries deleted, counted across runs while this file is kept.', [
    ['', (prev.cachesweep_deleted_entries_total ?? 0) + deleted],
  ]);
}

/**
 * Regret, from the usage store (so these count for as long as the store is kept, not the metrics file): what came
 * back after cachesweep evicted it, by the longest time the return can have taken (`window`: within 1h, 24h, 7d of
 * the eviction, or `all`). Written as 0 without a store, so that the series are always there.
 */
function regretFamilies(plan: Plan, family: Family): void {
  const r = plan.regret;
  const windows = [...(r?.windows ?? REGRET_WINDOWS.map((w) => ({ window: w.window, refetches: 0, bytes: 0 }))), { window: 'all', refetches: r?.refetches ?? 0, bytes: r?.refetchedBytes ?? 0 }];
  family(
    'cachesweep_refetched_bytes_total',
    'counter',
    'Bytes cachesweep evicted that were fetched again (the same name came back), by how soon after the eviction at the latest; from the usage store.',
    windows.map((w) => [`window="${w.window}"`, w.bytes]),
  );
  family('cachesweep_refetches_total', 'counter', 'Evictions followed by the return of the same name, by how soon after the eviction at the latest; from the usage store.', windows.map((w) => [`window="${w.window}"`, w.refetches]));
  family('cachesweep_evicted_bytes_total', 'counter', 'Bytes cachesweep evicted, as the usage store recorded them.', [['', r?.evictedBytes ?? 0]]);
  const v = victimsRefetched(planRows(plan).eachVictim());
  family('cachesweep_plan_refetched_victims_bytes', 'gauge', 'Bytes of the last plan\'s victims that had come back after an earlier eviction.', [['', v.bytes]]);
}

/** After applying: the figures of what was really freed, not of what was planned. */
function afterOf(plan: Plan, m: MetricsInput): Figures {
  return m.dryRun || !m.applied ? plan.after : afterFreeing(plan.before, m.applied.freedBytes);
}

/** Counter values for `root` in a previous metrics file (missing or unparsable values are left out). */
export function previousCounters(text: string, root: string): Partial<Record<CounterName, number>> {
  const out: Partial<Record<CounterName, number>> = {};
  for (const name of COUNTERS) {
    const prefix = `${name}{root="${labelValue(root)}"} `;
    const line = text.split('\n').find((l) => l.startsWith(prefix));
    if (!line) continue;
    const v = Number(line.slice(prefix.length).trim());
    if (Number.isFinite(v) && v >= 0) out[name] = v;
  }
  return out;
}
