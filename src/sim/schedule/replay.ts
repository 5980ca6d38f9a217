import { UsageError } from '../../shared/errors.js';
import { Interner } from '../interner.js';
import { KeyTable } from '../key-table.js';
import { ProblemLog } from '../problems.js';
import type { TraceFormat, TraceProblem, TraceSource } from '../trace/types.js';
import { ScheduledCache, type ScheduleConfig, type ScheduleTally } from './cache.js';

export interface ScheduleSpec {
  configs: readonly ScheduleConfig[];
  /** Requests at the start that fill the caches but are not counted. */
  warmup: number;
  strict: boolean;
}

export interface ScheduleResult {
  label: string;
  format: TraceFormat;
  requests: number;
  warmup: number;
  objects: number;
  /** The trace's clock: first and last request (ms). */
  startMs: number;
  endMs: number;
  counted: { requests: number; bytes: number; firstRequests: number; firstBytes: number };
  /** Per config, in the spec's order. */
  runs: { config: ScheduleConfig; tally: ScheduleTally }[];
  problems: { count: number; first: TraceProblem[] };
}

/**
 * Replay a trace (on its own clock) against schedules: each config a cache that grows freely between runs of the
 * planner every `everyMs`. One streaming pass; every cache sees every request. Needs a trace with times.
 */
export async function replaySchedule(source: TraceSource, spec: ScheduleSpec): Promise<ScheduleResult> {
  const log = new ProblemLog(source.label, spec.strict);
  const interner = new Interner();
  const caches = spec.configs.map((c) => new ScheduledCache(c));
  const seen = new KeyTable(1 << 16);
  const counted = { requests: 0, bytes: 0, firstRequests: 0, firstBytes: 0 };
  let index = 0;
  let startMs = NaN;
  let endMs = NaN;
  const info = await source.read((c) => {
    for (let i = 0; i < c.n; i++) {
      const ms = c.times[i]! * 1000;
      if (Number.isNaN(ms)) throw new UsageError(`trace ${source.label}: a schedule (--every) replays on the trace's clock, and this trace has no time column (--columns time,id,size)`);
      if (ms < endMs) throw new UsageError(`trace ${source.label}: request ${index + 1} is at ${c.times[i]} s, before the one before it: a schedule needs requests in time order`);
      if (Number.isNaN(startMs)) startMs = ms;
      endMs = ms;
      const k = interner.id(c.keys[i]!);
      const first = seen.get(k) < 0;
      if (first) seen.set(k, 1);
      const isCounted = index >= spec.warmup;
      const size = c.sizes[i]!;
      if (isCounted) {
        counted.requests++;
        counted.bytes += size;
        if (first) {
          counted.firstRequests++;
          counted.firstBytes += size;
        }
      }
      for (const cache of caches) cache.access(k, size, ms, isCounted, first);
      index++;
    }
  }, log.sink);
  if (index === 0) throw new UsageError(`trace ${source.label}: no requests${log.count ? ` (${log.count} malformed records skipped)` : ''}`);
  if (spec.warmup >= index) throw new UsageError(`--warmup: ${spec.warmup} requests, but the trace has only ${index}: nothing would be counted`);
  if (!info.hasTime) throw new UsageError(`trace ${source.label}: a schedule (--every) replays on the trace's clock, and this trace has no time column`);
  for (const c of caches) c.finish(endMs);
  return {
    label: source.label,
    format: source.format,
    requests: index,
    warmup: spec.warmup,
    objects: seen.size,
    startMs,
    endMs,
    counted,
    runs: caches.map((c) => ({ config: c.config, tally: c.tally })),
    problems: { count: log.count, first: log.first },
  };
}
