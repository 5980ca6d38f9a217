import type { Argv } from 'yargs';
import { DEFAULT_LOCK_STALE_MS, MAX_LOCK_STALE_MS, MIN_LOCK_STALE_MS } from '../../apply/lock-timing.js';
import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import { PLAN_DEFAULTS } from '../../config/plan-defaults.js';
import { strategyNames } from '../../policy/registry.js';
import { REPORT_FORMATS } from '../../report/formats/registry.js';
import { KEPT_LISTED } from '../../report/columns.js';
import { layoutNames } from '../../scan/layouts/index.js';
import { formatDuration } from '../../shared/units.js';
import { forHelp } from './flag-help.js';
import { refuseRepeats } from './once.js';
import type { InUseArgs, inUseFlags } from './flags-in-use.js';

/**
 * The flag table: every flag of the commands that scan a cache, each with its type, default and help. yargs gets
 * these objects as they are; every flag of every `*Flags` group here (but --config, --profile and hidden ones) is
 * also a config-file key and a CACHESWEEP_<FLAG> variable (./config-keys.ts); the parsed arguments' types below
 * are derived from them (ArgsOf). A default is written here, or in the module of whoever else needs it.
 */

/** Where options come from besides the command line: every command that takes flags takes these. */
export const configFlags = {
  config: { type: 'string', describe: 'config file (YAML or JSON); default /etc/cachesweep/config.yaml when present; --no-config: none' },
  profile: { type: 'string', describe: 'use this profile of the config file (its settings, and its root as the cache directory)' },
} as const satisfies FlagSpecs;

/** Flags every command that scans shares. */
export const scanFlags = {
  layout: { safety: true, type: 'string', default: 'auto', values: ['auto', ...layoutNames()], describe: `cache naming rules: auto, ${layoutNames().join(', ')}` },
  entries: {
    safety: true,
    choices: ['files'],
    describe: 'files: every file at any depth is an entry (directories only hold them), whatever the layout says',
  },
  depth: { safety: true, type: 'string', describe: 'entries are the paths N levels below the root (2: shard/name); what stands shallower is an entry too' },
  atime: { type: 'boolean', default: true, describe: 'use access times; --no-atime ignores them (noatime mounts, backups that read every file)' },
  'state-dir': { safety: true, type: 'string', describe: 'where the lock and usage store live (never inside the cache)' },
  'shared-storage': {
    type: 'boolean',
    default: false,
    describe: 'treat the cache as on storage other hosts clean too, even if not detected (NFS, CephFS, ... are detected): lock beside the cache',
  },
  json: { type: 'boolean', default: false, describe: 'print one JSON document (schema 1) on stdout' },
  format: { choices: ['auto', 'table', 'plain', 'json'], default: 'auto', describe: 'output: table on a TTY, plain when piped' },
  wide: { type: 'boolean', default: false, describe: 'table: every column, names and reasons in full, however wide the terminal' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' },
  'i-know-this-is-a-system-directory': {
    type: 'boolean',
    cliOnly: true,
    describe: 'accept a system or home directory (/usr/..., /etc, /var/lib, ~) as the cache dir: for the rare cache kept there',
  },
} as const satisfies FlagSpecs;

const { targetPointsBelow, targetFractionOfSize } = PLAN_DEFAULTS;

/** Flags of plan and clean: what the plan evicts, and how much at most. */
export const planFlags = {
  strategy: { safety: true, alias: 's', type: 'string', default: PLAN_DEFAULTS.strategy, values: strategyNames(), describe: `eviction order: ${strategyNames().join(', ')}` },
  threshold: { safety: true, type: 'string', describe: 'start evicting at this disk use (85%) or cache size (500G)' },
  target: {
    safety: true,
    type: 'string',
    describe: `evict down to this (default: threshold - ${targetPointsBelow} points, or ${Math.round(targetFractionOfSize * 100)}% of a size)`,
  },
  'min-free': { safety: true, type: 'string', describe: 'start evicting when the filesystem has less than this available (20G)' },
  'max-age': { safety: true, type: 'string', describe: `evict entries idle at least this long (age strategy default ${PLAN_DEFAULTS.ageMaxAge})` },
  'min-age': { safety: true, type: 'string', default: PLAN_DEFAULTS.minAge, describe: 'grace period: never evict anything idle less than this' },
  'stale-partial-age': { safety: true, type: 'string', default: PLAN_DEFAULTS.stalePartialAge, describe: 'partial downloads idle this long are evicted' },
  'half-life': { type: 'string', describe: 'decay recorded hits with this half-life (frequency strategies)' },
  protect: { safety: true, type: 'string', array: true, nargs: 1, default: [], describe: 'glob of entry names never to evict (repeatable)' },
  include: {
    safety: true,
    type: 'string',
    array: true,
    nargs: 1,
    default: [],
    describe: 'glob: only matching entries may be evicted, the rest are kept as excluded (repeatable)',
  },
  'max-delete': { safety: true, type: 'string', describe: 'cap per run: evict at most N entries (100) or this many bytes (50G)' },
  'warm-grace': {
    safety: true,
    type: 'string',
    default: PLAN_DEFAULTS.warmGrace,
    describe: 'keep an entry that arrived less than this ago and was never used since (warm, e.g. pre-cached); 0: off',
  },
  'pin-new': {
    safety: true,
    type: 'string',
    array: true,
    nargs: 1,
    default: [],
    describe: "'GLOB=DURATION': keep entries matching GLOB for DURATION from when each appeared (pinned; repeatable)",
  },
} as const satisfies FlagSpecs;

/** What a run shows and leaves behind for operators: the table's rows, reports, metrics, log lines (plan and clean). */
export const runFlags = {
  'all-entries': {
    type: 'boolean',
    default: false,
    describe: `table: a row for every kept entry too (default: the victims, and the kept counted by reason once there are more than ${KEPT_LISTED}); JSON, plain text and reports always have every entry`,
  },
  report: { type: 'string', array: true, nargs: 1, default: [], describe: `write a report, format by extension: ${REPORT_FORMATS.extensionsFor('plan').join(' ')} (repeatable)` },
  'metrics-file': { type: 'string', describe: "write Prometheus metrics here (node_exporter's textfile collector), atomically" },
  'log-format': { choices: ['text', 'json'], describe: 'a log line on stderr per eviction, skip and failure: text or json (JSON lines)' },
} as const satisfies FlagSpecs;

/** Flags of clean only. */
export const cleanFlags = {
  'dry-run': { safety: true, alias: 'n', type: 'boolean', default: false, describe: 'build and print the plan; change nothing' },
  'lock-stale': {
    type: 'string',
    default: formatDuration(DEFAULT_LOCK_STALE_MS),
    describe: `remove a lock directory an older cachesweep left once not refreshed for this long (${formatDuration(MIN_LOCK_STALE_MS)} to ${formatDuration(MAX_LOCK_STALE_MS)}); the lock itself never goes stale`,
  },
  'lock-file': { type: 'string', describe: 'the lock file of this cache (default: in --state-dir; on shared storage beside the cache), never inside it' },
  wait: { type: 'string', describe: 'wait up to this long for another run to release the lock (default: exit 3 at once)' },
  // Test hook (src/cli/commands/hold-before-apply.ts): not for users, not a config key.
  'hold-before-apply': { type: 'string', hidden: true, cliOnly: true, describe: 'test hook: wait in DIR between the plan and the first deletion' },
} as const satisfies FlagSpecs;

/**
 * Flags of evict only: what to evict. Command line only: a selection or an override kept in a config file would
 * delete again on every later run what one operator asked for once.
 */
export const evictFlags = {
  match: { type: 'string', array: true, nargs: 1, default: [], cliOnly: true, describe: 'evict the entries whose names match this glob (as --protect takes them; repeatable)' },
  all: {
    type: 'boolean',
    default: false,
    cliOnly: true,
    describe: 'evict every entry a clean could ever delete (never one in use, pinned, protected, unknown, too young or still being written)',
  },
  'force-young': {
    safety: true,
    type: 'boolean',
    default: false,
    cliOnly: true,
    describe: 'evict the selected entries even when idle less than --min-age (overrides too-young only)',
  },
} as const satisfies FlagSpecs;

/** The plan flags evict honours: what keeps an entry safe (no strategy, trigger or age chooses its victims). */
export const evictSafetyFlags = {
  'min-age': planFlags['min-age'],
  'stale-partial-age': planFlags['stale-partial-age'],
  protect: planFlags.protect,
  'pin-new': planFlags['pin-new'],
} as const satisfies FlagSpecs;

/** Hidden: the clock. Tests use it to simulate days of use; every command accepts it. */
export const clockFlags = {
  now: { type: 'string', hidden: true, cliOnly: true, describe: 'take this ISO date-time as the current time (for tests)' },
} as const satisfies FlagSpecs;

/** The cache directory, the one positional of the commands that take flags. */
export interface CacheDirArg {
  cacheDir?: string;
}

/** Several groups as one (a tuple of groups to their intersection). */
type Joined<G extends readonly FlagSpecs[]> = G extends readonly [infer H, ...infer R extends readonly FlagSpecs[]] ? H & Joined<R> : unknown;

/**
 * y with these groups of flags, typed by ArgsOf of the same groups. The one cast of the parsed arguments: yargs
 * types each literal option it is given, and cannot follow a loop over groups (__tests__/cli/args/flags.test.ts
 * checks that what yargs parses has the derived type's keys and kinds).
 */
export function withGroups<T, G extends readonly FlagSpecs[]>(y: Argv<T>, ...groups: G): Argv<T & ArgsOf<Joined<G>>> {
  let out: Argv<unknown> = y;
  for (const g of groups) out = out.options(forHelp(g));
  out = out.middleware(refuseRepeats(groups), true);
  return out as Argv<T & ArgsOf<Joined<G>>>;
}

/** A cache command's flags: --config and --profile, these groups, and the cache directory. */
export function withFlags<T, G extends readonly FlagSpecs[]>(y: Argv<T>, ...groups: G): Argv<T & ArgsOf<Joined<[typeof configFlags, ...G]>> & CacheDirArg> {
  return withGroups(y, configFlags, ...groups).positional('cache-dir', { type: 'string', describe: 'the cache directory' });
}

/** The arguments of `status`: also what every scan of a cache needs (the other commands add to it). */
export type StatusArgs = ArgsOf<typeof configFlags & typeof scanFlags & typeof inUseFlags & typeof clockFlags> & CacheDirArg & InUseArgs;
/** The arguments of `plan`. */
export type PlanArgs = StatusArgs & ArgsOf<typeof planFlags & typeof runFlags>;
/** The arguments of `clean` (and of `config`, which shows what a clean would use). */
export type CleanArgs = PlanArgs & ArgsOf<typeof cleanFlags>;
/** The arguments of plan, clean or evict: what their shared code (the run's outputs) may read. */
export type CliArgs = StatusArgs & Partial<ArgsOf<typeof planFlags>> & ArgsOf<typeof runFlags> & Partial<ArgsOf<typeof cleanFlags>>;
/** The arguments of `evict`. */
export type EvictArgs = StatusArgs &
  ArgsOf<typeof evictSafetyFlags & typeof runFlags & typeof cleanFlags & typeof evictFlags> &
  Partial<ArgsOf<typeof planFlags>> & { entry?: string[] };
