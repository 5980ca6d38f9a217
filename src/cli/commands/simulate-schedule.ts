import { UsageError } from '../../shared/errors.js';
import { scheduleToDoc } from '../../report/schedule-doc.js';
import { scheduleText } from '../../report/schedule-text.js';
import { problemText } from '../../sim/problems.js';
import { recommend } from '../../sim/schedule/recommend.js';
import { replaySchedule } from '../../sim/schedule/replay.js';
import type { TraceSource } from '../../sim/trace/types.js';
import { parseWarmup } from '../args/check-simulate-args.js';
import { reportTargets } from '../args/run-flags.js';
import type { ScheduleRequest } from '../args/check-schedule-args.js';
import type { SimulateArgs } from '../args/flags-simulate.js';
import { parseDuration } from '../../shared/units.js';
import type { Printer } from '../term/output.js';
import { writeReports } from '../term/write-atomic.js';

const WARN_PROBLEMS = 10;

/**
 * `simulate --every` / `--recommend`: replay the trace with cron runs of clean's planner at each interval, threshold
 * and target, per strategy; print what each fetched again, how full the disk got and for how long, and which schedule
 * to use. Writes only the reports asked for.
 */
export async function runSchedule(args: SimulateArgs, req: ScheduleRequest, source: TraceSource, p: Printer, now: number): Promise<number> {
  const reports = reportTargets(args.report, 'schedule');
  const warmup = parseWarmup(args.warmup);
  if (args.limits === false) throw new UsageError('--no-limits: a schedule replay computes no optimum or bound (they need a capacity)');
  const result = await replaySchedule(source, { configs: req.configs, warmup, strict: args.strict });
  const shown = result.problems.first.slice(0, WARN_PROBLEMS);
  for (const prob of shown) p.warn(`${problemText(source.label, prob)}: skipped`);
  if (result.problems.count > shown.length) p.warn(`trace ${source.label}: ${result.problems.count - shown.length} more malformed records skipped (--strict makes them fatal)`);
  const rec = req.recommend ? recommend(result.runs, maxPeakBytes(req)) : null;
  const options = {
    diskBytes: req.diskBytes,
    everySeconds: req.everyMs.map((e) => e / 1000),
    minAgeSeconds: req.minAgeMs / 1000,
    maxAgeSeconds: parseDuration(args.maxAge, '--max-age') / 1000,
    strategies: req.strategies,
    warmup,
  };
  const doc = scheduleToDoc(result, options, rec, now);
  writeReports(reports, 'schedule', doc);
  if (p.json) p.out(JSON.stringify(doc, null, 2));
  else p.out(scheduleText(doc, p.style, p.chalk));
  return 0;
}

function maxPeakBytes(req: ScheduleRequest): number {
  const m = req.recommend!.maxPeak;
  return m.unit === 'percent' ? Math.floor((m.value / 100) * req.diskBytes) : m.value;
}
