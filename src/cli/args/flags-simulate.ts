import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import { PLAN_DEFAULTS } from '../../config/plan-defaults.js';
import { REPORT_FORMATS } from '../../report/formats/registry.js';
import { policyNames } from '../../sim/policies/registry.js';
import { DEFAULT_TIME_UNIT, FILE_FORMATS, TIME_UNITS } from '../../sim/trace/open.js';
import { clockFlags, scanFlags } from './flags.js';

/**
 * Flags of `simulate`. Defined here, not in flags.ts: every `*Flags` group there is also a config-file key and a
 * CACHESWEEP_* variable, and a what-if replay takes its inputs from the command line only (a config file's
 * `strategy: lru` for clean must not narrow a simulation). The command does not take --config either.
 */
export const simulateFlags = {
  trace: { type: 'string', describe: 'trace file: CSV (header, or --columns), whitespace text "time id size", or libCacheSim oracleGeneral' },
  'from-store': { type: 'string', describe: 'replay the uses the usage store recorded for this cache directory instead (see --state-dir)' },
  'state-dir': { type: 'string', describe: 'where the usage store is, for --from-store (default as for clean)' },
  capacity: { type: 'string', array: true, nargs: 1, describe: 'cache sizes to simulate, comma-separated or repeated (e.g. 10G,50G,100G)' },
  strategy: { alias: 's', type: 'string', array: true, nargs: 1, describe: `strategies, comma-separated (default all: ${policyNames().join(',')})` },
  columns: { type: 'string', describe: 'which column is which in a CSV or text trace: time,id,size (- skips a column; time optional)' },
  'trace-format': { choices: ['auto', ...FILE_FORMATS] as const, default: 'auto', describe: 'trace format (auto: by extension, else by content)' },
  'time-unit': { choices: Object.keys(TIME_UNITS), default: DEFAULT_TIME_UNIT, describe: 'unit of the time column of CSV and text traces' },
  strict: { type: 'boolean', default: false, describe: 'a malformed record is fatal (exit 2) instead of skipped with a warning' },
  warmup: { type: 'string', describe: 'count only requests after the first N (the caches still see them)' },
  'max-age': { type: 'string', default: PLAN_DEFAULTS.ageMaxAge, describe: 'the age strategy evicts objects idle this long on the trace clock' },
  limits: { type: 'boolean', default: true, describe: "Belady's optimum and the PFOO-L bound per capacity; --no-limits skips them (and their first pass)" },
  every: { type: 'string', array: true, nargs: 1, describe: 'replay cron runs of clean every D on the trace clock instead of a capacity (list: 20m,40m,1h)' },
  disk: { type: 'string', describe: 'with --every or --recommend: the size of the disk the cache fills (e.g. 100G)' },
  threshold: { type: 'string', array: true, nargs: 1, describe: 'with --every: the runs evict when the disk reaches it (85%, or a cache size like 80G; list)' },
  target: { type: 'string', array: true, nargs: 1, describe: 'with --every: down to this (default 5 points below the threshold, 90% of a size; list)' },
  'min-age': { type: 'string', describe: 'with --every: the runs keep what was used less than this long ago (default 10m, as clean)' },
  recommend: { type: 'boolean', default: false, describe: 'try schedules (--every, --threshold, --target lists, or common ones) and say which keeps the disk below --max-peak with the fewest re-fetches' },
  'max-peak': { type: 'string', describe: 'with --recommend: the disk must never be fuller than this (default 100%: never full)' },
  json: scanFlags.json,
  format: scanFlags.format,
  wide: scanFlags.wide,
  quiet: scanFlags.quiet,
  report: {
    type: 'string',
    array: true,
    nargs: 1,
    default: [],
    describe: `write a report, format by extension: ${REPORT_FORMATS.extensionsFor('simulate').join(' ')} (repeatable; .html draws the miss-ratio curves)`,
  },
} as const satisfies FlagSpecs;

/** The arguments of `simulate`. */
export type SimulateArgs = ArgsOf<typeof simulateFlags & typeof clockFlags>;
