import { forFlag } from '../../config/flag-errors.js';
import { UsageError } from '../../shared/errors.js';
import { parseDuration, parseSize } from '../../shared/units.js';
import { parsePolicies, policyNames, type PolicyInfo } from '../../sim/policies/registry.js';
import { parseColumns } from '../../sim/trace/columns.js';
import type { OpenOptions } from '../../sim/trace/open.js';
import type { SimulateArgs } from './flags-simulate.js';
import { reportTargets, type ReportTarget } from './run-flags.js';

/** Where the requests come from: a trace file, or what the usage store recorded for a cache directory. */
export type TraceRequest = { kind: 'file'; file: string; open: OpenOptions } | { kind: 'store'; cacheDir: string; stateDir?: string };

/** The flags of simulate as the replay will use them. */
export interface CheckedSimulateArgs {
  capacities: number[];
  policies: PolicyInfo[];
  warmup: number;
  maxAgeSeconds: number;
  limits: boolean;
  /** Their directories are checked later (validateRunFlags). */
  reports: ReportTarget[];
  trace: TraceRequest;
}

/** `--capacity 10G,50G --capacity 1T`: sizes in bytes, more than zero, ascending, each once. */
export function parseCapacities(values: readonly string[] | undefined): number[] {
  const parts = (values ?? []).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new UsageError('--capacity: give the cache sizes to simulate (e.g. --capacity 10G,50G,100G)');
  const out = new Set<number>();
  for (const part of parts) {
    const bytes = parseSize(part, '--capacity');
    if (bytes <= 0) throw new UsageError(`--capacity: '${part}' must be more than 0 bytes`);
    out.add(bytes);
  }
  return [...out].sort((a, b) => a - b);
}

export function parseWarmup(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const t = String(text).trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new UsageError(`--warmup: '${text}' is not a number of requests (e.g. 100000)`);
  return Number(t);
}

export function traceRequestOf(args: SimulateArgs): TraceRequest {
  const hasTrace = args.trace !== undefined && args.trace !== '';
  const hasStore = args.fromStore !== undefined && args.fromStore !== '';
  if (hasTrace === hasStore) {
    throw new UsageError(hasTrace ? 'give either --trace or --from-store, not both' : 'give a trace: --trace FILE, or --from-store CACHE-DIR to replay what the usage store recorded');
  }
  if (hasStore) {
    if (args.columns !== undefined) throw new UsageError('--columns: only for --trace files (the usage store has its own columns)');
    return { kind: 'store', cacheDir: args.fromStore!, ...(args.stateDir !== undefined ? { stateDir: args.stateDir } : {}) };
  }
  const open: OpenOptions = { format: args.traceFormat, timeUnit: args.timeUnit };
  if (args.columns !== undefined) open.columns = parseColumns(args.columns);
  return { kind: 'file', file: args.trace!, open };
}

/** checkArgs for simulate: every value parsed and the flags checked against each other, without opening a file. */
export function checkSimulateArgs(args: SimulateArgs): CheckedSimulateArgs {
  const capacities = parseCapacities(args.capacity);
  const policies = forFlag('--strategy', () => parsePolicies(args.strategy && args.strategy.length > 0 ? args.strategy : [policyNames().join(',')]));
  const warmup = parseWarmup(args.warmup);
  const maxAgeSeconds = parseDuration(args.maxAge, '--max-age') / 1000;
  const reports = reportTargets(args.report, 'simulate');
  return { capacities, policies, warmup, maxAgeSeconds, limits: args.limits, reports, trace: traceRequestOf(args) };
}
