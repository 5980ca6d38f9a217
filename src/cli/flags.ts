import type { Argv, Options } from 'yargs';
import type { FlagPolicy } from '../config/flag-spec.js';
import type { RawPlanFlags } from '../config/options.js';
import { strategyNames } from '../policy/registry.js';
import { layoutNames } from '../scan/layouts/index.js';

/** A flag as yargs takes it, and what configuration may do with it (config/flag-spec.ts). */
export type Flag = Options & FlagPolicy;

/** Flags every command that scans shares. */
export const scanFlags: Record<string, Flag> = {
  layout: { safety: true, type: 'string', default: 'auto', describe: `cache naming rules: auto, ${layoutNames().join(', ')}` },
  atime: { type: 'boolean', default: true, describe: 'use access times; --no-atime ignores them (noatime mounts, backups that read every file)' },
  'state-dir': { safety: true, type: 'string', describe: 'where the lock and usage store live (never inside the cache)' },
  json: { type: 'boolean', default: false, describe: 'print one JSON document (schema 1) on stdout' },
  format: { choices: ['auto', 'table', 'plain', 'json'], default: 'auto', describe: 'output: table on a TTY, plain when piped' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' },
  'i-know-this-is-a-system-directory': {
    type: 'boolean',
    cliOnly: true,
    describe: 'accept a system or home directory (/usr/..., /etc, /var/lib, ~) as the cache dir: for the rare cache kept there',
  },
};

/** Flags of plan and clean. */
export const planFlags: Record<string, Flag> = {
  strategy: { safety: true, alias: 's', type: 'string', default: 'age', describe: `eviction order: ${strategyNames().join(', ')}` },
  threshold: { safety: true, type: 'string', describe: 'start evicting at this disk use (85%) or cache size (500G)' },
  target: { safety: true, type: 'string', describe: 'evict down to this (default: threshold - 5 points, or 90% of a size)' },
  'min-free': { safety: true, type: 'string', describe: 'start evicting when the filesystem has less than this available (20G)' },
  'max-age': { safety: true, type: 'string', describe: 'evict entries idle at least this long (age strategy default 24h)' },
  'min-age': { safety: true, type: 'string', default: '10m', describe: 'grace period: never evict anything idle less than this' },
  'stale-partial-age': { safety: true, type: 'string', default: '24h', describe: 'partial downloads idle this long are evicted' },
  'half-life': { type: 'string', describe: 'decay recorded hits with this half-life (frequency strategies)' },
  protect: { safety: true, type: 'string', array: true, nargs: 1, default: [], describe: 'glob of entry names never to evict (repeatable)' },
};

/** Flags of clean only. */
export const cleanFlags: Record<string, Flag> = {
  'dry-run': { safety: true, alias: 'n', type: 'boolean', default: false, describe: 'build and print the plan; change nothing' },
  'lock-stale': { type: 'string', default: '2m', describe: 'take over a lock not refreshed for this long: its run died (5s to 1d)' },
  // Test hook (src/cli/hold.ts): not for users, not a config key.
  'hold-before-apply': { type: 'string', hidden: true, cliOnly: true, describe: 'test hook: wait in DIR between the plan and the first deletion' },
};

/** What a run leaves behind for operators: a cap, reports, metrics, log lines (plan and clean). */
export const runFlags: Record<string, Flag> = {
  'max-delete': { safety: true, type: 'string', describe: 'cap per run: evict at most N entries (100) or this many bytes (50G)' },
  report: { type: 'string', array: true, nargs: 1, default: [], describe: 'write a report, format by extension: .json .md .csv .html (repeatable)' },
  'metrics-file': { type: 'string', describe: "write Prometheus metrics here (node_exporter's textfile collector), atomically" },
  'log-format': { choices: ['text', 'json'], describe: 'a log line on stderr per eviction, skip and failure: text or json (JSON lines)' },
};

/**
 * Where options come from besides the command line: every command that takes flags takes these.
 * Every other flag of every `*Flags` group here is also a config-file key and a CACHESWEEP_<FLAG> variable
 * (src/cli/config-keys.ts derives the keys from this module).
 */
export const configFlags: Record<string, Flag> = {
  config: { type: 'string', describe: 'config file (YAML or JSON); default /etc/cachesweep/config.yaml when present; --no-config: none' },
  profile: { type: 'string', describe: "use this profile of the config file (its settings, and its root as the cache directory)" },
};

export function withFlags<T>(y: Argv<T>, ...groups: Record<string, Flag>[]): Argv<T> {
  let out = y;
  for (const g of [configFlags, ...groups]) out = out.options(g) as Argv<T>;
  return out.positional('cache-dir', { type: 'string', describe: 'the cache directory' }) as Argv<T>;
}

/** Parsed flags as yargs gives them (kebab-case keys are camel-cased too); the planning ones are RawPlanFlags. */
export interface CliArgs extends RawPlanFlags {
  cacheDir?: string;
  layout: string;
  atime?: boolean;
  stateDir?: string;
  json: boolean;
  format: 'auto' | 'table' | 'plain' | 'json';
  quiet: boolean;
  /** Accept a system or home directory as the cache (command line only). */
  iKnowThisIsASystemDirectory?: boolean;
  dryRun?: boolean;
  lockStale?: string;
  /** Hidden test hook (src/cli/hold.ts). */
  holdBeforeApply?: string;
  /** Hidden --now (ISO): the clock, for tests. */
  now?: string;
  config?: string | false;
  profile?: string;
  report?: string[];
  metricsFile?: string;
  logFormat?: 'text' | 'json';
}

/** Flags of the usage-store commands (touch, pin, unpin, history): where the store is, and how the cache is named. */
export const storeFlags: Record<string, Flag> = {
  'state-dir': scanFlags['state-dir']!,
  layout: scanFlags.layout!,
  quiet: scanFlags.quiet!,
  'i-know-this-is-a-system-directory': scanFlags['i-know-this-is-a-system-directory']!,
};

/** Hidden: the clock. Tests use it to simulate days of use; every command accepts it. */
export const clockFlags: Record<string, Flag> = {
  now: { type: 'string', hidden: true, cliOnly: true, describe: 'take this ISO date-time as the current time (for tests)' },
};
