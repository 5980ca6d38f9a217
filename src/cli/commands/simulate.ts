import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { resolveStateDir } from '../../core/state-dir.js';
import { realPathSoFar } from '../../sys/paths.js';
import { parseDuration, parseSize } from '../../shared/units.js';
import { simToCsv } from '../../report/sim-csv.js';
import { simToDoc, type SimDoc } from '../../report/sim-doc.js';
import { simToHtml } from '../../report/sim-html.js';
import { simText } from '../../report/sim-text.js';
import { replay } from '../../sim/engine.js';
import { parsePolicies, policyNames } from '../../sim/policies/registry.js';
import { problemText } from '../../sim/problems.js';
import { parseColumns } from '../../sim/trace/columns.js';
import { openTraceFile, type FileFormat } from '../../sim/trace/open.js';
import { storeTrace } from '../../sim/trace/store.js';
import type { TraceSource } from '../../sim/trace/types.js';
import { nowFrom } from '../clock.js';
import { makePrinter, type Output } from '../output.js';
import { validateRunFlags } from '../run-flags.js';
import { writeFileAtomic } from '../write-atomic.js';
import { forFlag } from '../../config/flag-errors.js';

export interface SimulateArgs {
  trace?: string;
  fromStore?: string;
  stateDir?: string;
  capacity?: string[];
  strategy?: string[];
  columns?: string;
  traceFormat?: FileFormat | 'auto';
  timeUnit?: string;
  strict?: boolean;
  warmup?: string;
  maxAge?: string;
  limits?: boolean;
  json?: boolean;
  format?: 'auto' | 'table' | 'plain' | 'json';
  quiet?: boolean;
  report?: string[];
  now?: string;
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

function sourceOf(args: SimulateArgs): TraceSource {
  const hasTrace = args.trace !== undefined && args.trace !== '';
  const hasStore = args.fromStore !== undefined && args.fromStore !== '';
  if (hasTrace === hasStore) {
    throw new UsageError(hasTrace ? 'give either --trace or --from-store, not both' : 'give a trace: --trace FILE, or --from-store CACHE-DIR to replay what the usage store recorded');
  }
  if (hasStore) {
    if (args.columns !== undefined) throw new UsageError('--columns: only for --trace files (the usage store has its own columns)');
    return storeTrace(realPathSoFar(path.resolve(args.fromStore!)), resolveStateDir(args.stateDir));
  }
  return openTraceFile(args.trace!, {
    format: args.traceFormat ?? 'auto',
    ...(args.columns !== undefined ? { columns: parseColumns(args.columns) } : {}),
    timeUnit: args.timeUnit ?? 's',
  });
}

/** At most this many malformed records are listed on stderr; the JSON and HTML reports keep the first 20. */
const WARN_PROBLEMS = 10;

/**
 * Replay a trace against strategies at capacities and print what each would have hit and fetched again, with the
 * optimum and the bound per capacity. Reads the trace (or a snapshot of the store); writes only the reports asked for.
 */
export async function runSimulate(args: SimulateArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const capacities = parseCapacities(args.capacity);
  const policies = forFlag('--strategy', () => parsePolicies(args.strategy && args.strategy.length > 0 ? args.strategy : [policyNames().join(',')]));
  const warmup = parseWarmup(args.warmup);
  const maxAgeSeconds = parseDuration(args.maxAge ?? '24h', '--max-age') / 1000;
  const reports = validateRunFlags({ report: args.report ?? [] } as never).reports;
  for (const r of reports) {
    if (r.format === 'md') throw new UsageError(`--report: ${r.file}: simulate writes .html, .json or .csv reports`);
  }
  const now = nowFrom(args);
  const source = sourceOf(args);
  const result = await replay(source, {
    capacities,
    policies,
    policyOptions: { maxAgeSeconds },
    warmup,
    limits: args.limits !== false,
    strict: Boolean(args.strict),
  });
  const shown = result.problems.first.slice(0, WARN_PROBLEMS);
  for (const prob of shown) p.warn(`${problemText(source.label, prob)}: skipped`);
  if (result.problems.count > shown.length) p.warn(`trace ${source.label}: ${result.problems.count - shown.length} more malformed records skipped (--strict makes them fatal)`);
  const doc: SimDoc = simToDoc(result, { capacities, strategies: policies.map((x) => x.name), warmup, maxAgeSeconds, limits: args.limits !== false }, now);
  for (const r of reports) {
    const text = r.format === 'html' ? simToHtml(doc) : r.format === 'csv' ? simToCsv(doc) : `${JSON.stringify(doc, null, 2)}\n`;
    writeFileAtomic(r.file, text);
  }
  if (p.json) p.out(JSON.stringify(doc, null, 2));
  else p.out(simText(doc, p.style, p.chalk));
  return 0;
}
