import { planOptionsFrom } from '../../config/options.js';
import { getStrategy, STRATEGIES } from '../../policy/registry.js';
import { UsageError } from '../../shared/errors.js';
import { parseAmount, parseDuration, parseSize, type Amount } from '../../shared/units.js';
import type { ScheduleConfig } from '../../sim/schedule/cache.js';
import type { SimulateArgs } from './flags-simulate.js';

/** The schedules `simulate --every` / `--recommend` replays, and what --recommend must respect. */
export interface ScheduleRequest {
  configs: ScheduleConfig[];
  diskBytes: number;
  everyMs: number[];
  /** As given (`85%`, `500G`), for the reports; one config per strategy, interval, threshold and target. */
  thresholds: string[];
  targets: (string | null)[];
  minAgeMs: number;
  strategies: string[];
  /** With --recommend: the highest the disk may be filled (never full: 100%). */
  recommend: { maxPeak: Amount } | null;
}

/** What --recommend tries when not told: common cron intervals, and thresholds operators use. */
export const RECOMMEND_DEFAULTS = { every: ['10m', '20m', '40m', '1h', '2h', '4h'], threshold: ['80%', '85%', '90%'] } as const;

const listOf = (values: readonly string[] | undefined): string[] =>
  (values ?? []).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');

/** The planner strategies to run on a schedule: only those `clean` can run (a reference such as arc has no planner). */
function scheduleStrategies(values: readonly string[] | undefined): string[] {
  const given = listOf(values);
  const names = given.length > 0 ? given : STRATEGIES.map((s) => s.name);
  const out: string[] = [];
  for (const n of names) {
    let s;
    try {
      s = getStrategy(n.toLowerCase());
    } catch {
      throw new UsageError(`--strategy: '${n}' is not a strategy clean runs (a schedule replays clean's planner: ${STRATEGIES.map((x) => x.name).join(', ')})`);
    }
    if (!out.includes(s.name)) out.push(s.name);
  }
  return out;
}

/** The schedule mode of simulate, or null when neither --every nor --recommend is given. */
export function scheduleRequestOf(args: SimulateArgs): ScheduleRequest | null {
  const recommend = args.recommend === true;
  if (!recommend && listOf(args.every).length === 0) {
    for (const f of ['disk', 'threshold', 'target', 'min-age', 'max-peak'] as const) {
      const v = f === 'min-age' ? args.minAge : f === 'max-peak' ? args.maxPeak : args[f];
      if (v !== undefined && (!Array.isArray(v) || v.length > 0)) throw new UsageError(`--${f}: goes with a schedule: add --every (e.g. --every 40m) or --recommend`);
    }
    return null;
  }
  if (listOf(args.capacity).length > 0) throw new UsageError('--capacity: a schedule (--every, --recommend) fills a disk (--disk), not a capacity');
  if (args.disk === undefined) throw new UsageError('--disk: a schedule needs the size of the disk the cache is on (e.g. --disk 100G)');
  const diskBytes = parseSize(args.disk, '--disk');
  if (diskBytes <= 0) throw new UsageError(`--disk: '${args.disk}' must be more than 0 bytes`);
  const every = listOf(args.every).length > 0 ? listOf(args.every) : recommend ? [...RECOMMEND_DEFAULTS.every] : [];
  const everyMs = [...new Set(every.map((e) => parseDuration(e, '--every')))].sort((a, b) => a - b);
  if (everyMs.some((e) => e <= 0)) throw new UsageError('--every: the interval between runs must be longer than 0');
  const thresholds = listOf(args.threshold).length > 0 ? listOf(args.threshold) : recommend ? [...RECOMMEND_DEFAULTS.threshold] : [];
  if (thresholds.length === 0) throw new UsageError('--threshold: a schedule runs clean when the disk reaches it (e.g. --threshold 85%)');
  const targetList = listOf(args.target);
  const targets: (string | null)[] = targetList.length > 0 ? targetList : [null];
  const minAge = args.minAge ?? '10m';
  const minAgeMs = parseDuration(minAge, '--min-age');
  const strategies = scheduleStrategies(args.strategy);
  const configs: ScheduleConfig[] = [];
  for (const strategy of strategies) {
    const expiry = getStrategy(strategy).trigger === 'expiry';
    for (const threshold of thresholds) {
      // the age strategy has no target: it evicts what expired while the threshold is reached
      for (const target of expiry ? [null] : targets) {
        if (target !== null && parseAmount(target, '--target').unit !== parseAmount(threshold, '--threshold').unit) continue;
        const plan = planOptionsFrom({ strategy, threshold, minAge, ...(target !== null ? { target } : {}), ...(expiry ? { maxAge: args.maxAge } : {}) });
        for (const e of everyMs) configs.push({ strategy, everyMs: e, diskBytes, plan });
      }
    }
  }
  if (configs.length === 0) throw new UsageError('--target: no target has the unit of a threshold (a percentage with 85%, a size with 500G)');
  const maxPeak = args.maxPeak !== undefined ? parseAmount(args.maxPeak, '--max-peak') : { unit: 'percent' as const, value: 100 };
  if (!recommend && args.maxPeak !== undefined) throw new UsageError('--max-peak: goes with --recommend');
  return { configs, diskBytes, everyMs, thresholds, targets, minAgeMs, strategies, recommend: recommend ? { maxPeak } : null };
}
