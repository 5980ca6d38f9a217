import { plural } from '../../report/plural.js';
import path from 'node:path';
import { resolveStateDir } from '../../core/state-dir.js';
import { realPathSoFar } from '../../sys/paths.js';
import { simToDoc, type SimDoc } from '../../report/sim-doc.js';
import { simText } from '../../report/sim-text.js';
import { replay } from '../../sim/engine.js';
import { problemText } from '../../sim/problems.js';
import { openTraceFile } from '../../sim/trace/open.js';
import { storeTrace } from '../../sim/trace/store.js';
import type { TraceSource } from '../../sim/trace/types.js';
import { checkSimulateArgs, traceRequestOf, type TraceRequest } from '../args/check-simulate-args.js';
import { scheduleRequestOf } from '../args/check-schedule-args.js';
import { runSchedule } from './simulate-schedule.js';
import { nowFrom } from '../args/clock.js';
import type { SimulateArgs } from '../args/flags-simulate.js';
import { makePrinter, type Output } from '../term/output.js';
import { checkOutputDirs } from '../args/run-flags.js';
import { writeReports } from '../term/write-atomic.js';

function openTrace(t: TraceRequest): TraceSource {
  if (t.kind === 'store') return storeTrace(realPathSoFar(path.resolve(t.cacheDir)), resolveStateDir(t.stateDir));
  return openTraceFile(t.file, t.open);
}

/** At most this many malformed records are listed on stderr; the JSON and HTML reports keep the first 20. */
const WARN_PROBLEMS = 10;

/**
 * Replay a trace against strategies at capacities and print what each would have hit and fetched again, with the
 * optimum and the bound per capacity. Reads the trace (or a snapshot of the store); writes only the reports asked for.
 */
export async function runSimulate(args: SimulateArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const schedule = scheduleRequestOf(args);
  if (schedule) {
    checkOutputDirs({ report: args.report });
    return runSchedule(args, schedule, openTrace(traceRequestOf(args)), p, nowFrom(args));
  }
  const { capacities, policies, warmup, maxAgeSeconds, limits, reports, trace } = checkSimulateArgs(args);
  checkOutputDirs({ report: args.report });
  const now = nowFrom(args);
  const source = openTrace(trace);
  const result = await replay(source, {
    capacities,
    policies,
    policyOptions: { maxAgeSeconds },
    warmup,
    limits,
    strict: args.strict,
  });
  const shown = result.problems.first.slice(0, WARN_PROBLEMS);
  for (const prob of shown) p.warn(`${problemText(source.label, prob)}: skipped`);
  if (result.problems.count > shown.length) p.warn(`trace ${source.label}: ${plural(result.problems.count - shown.length, 'more malformed record')} skipped (--strict makes them fatal)`);
  const doc: SimDoc = simToDoc(result, { capacities, strategies: policies.map((x) => x.name), warmup, maxAgeSeconds, limits }, now);
  writeReports(reports, 'simulate', doc);
  if (p.json) p.out(JSON.stringify(doc, null, 2));
  else p.out(simText(doc, p.style, p.chalk, p.width));
  return 0;
}
