import { SYSTEM_CONFIG } from '../../config/config-file.js';
import { OTHER_VARIABLES } from '../../config/env-names.js';
import { EXIT_MEANINGS } from '../exit-codes.js';

/**
 * The prose of help that is not a command or a flag: examples, exit codes, environment and files. The epilogue of
 * `--help` and the man page both print these, so what one says the other says.
 */

/** What cachesweep does, in one sentence: the head of --help and the man page's NAME and DESCRIPTION. */
export const SUMMARY = 'Clean an on-disk cache: scan it, plan which entries to evict and why, and apply the plan.';

/** Command lines a new user would start from, each with what it does; __tests__/cli/help checks their words. */
export const EXAMPLES: readonly (readonly [string, string])[] = [
  ['cachesweep plan /var/lib/nova/instances/_base', 'what a clean would evict and why; changes nothing'],
  ['cachesweep clean /var/lib/nova/instances/_base --max-age 7d', 'evict images nothing has used for a week'],
  ['cachesweep clean /srv/cache --strategy lru --threshold 85%', 'at 85% disk use, evict the least recently used down to 80%'],
  ['cachesweep status /srv/cache --json', 'inventory as one JSON document'],
  ['cachesweep pin /srv/cache golden.qcow2', 'never evict this entry (until unpin)'],
  ['cachesweep config /srv/cache --threshold 80%', 'the options a run would use, and where each came from'],
  ['cachesweep completion bash > /etc/bash_completion.d/cachesweep', 'complete commands and flags in bash'],
];

/** Variables besides CACHESWEEP_<FLAG>; every variable in OTHER_VARIABLES must be here (a test checks). */
export const ENVIRONMENT: Readonly<Record<string, string>> = {
  'CACHESWEEP_<FLAG>': 'any flag of the commands that scan a cache, in capitals with _ for - (CACHESWEEP_MIN_AGE=30m); the command line wins',
  CACHESWEEP_CONFIG: 'the config file (as --config)',
  CACHESWEEP_PROFILE: 'the profile of the config file (as --profile)',
  CACHESWEEP_SYSTEM_CONFIG: `where the system-wide config file is looked for instead of ${SYSTEM_CONFIG}`,
  CACHESWEEP_DEBUG: 'set to 1: an internal error is followed by its stack trace',
  CACHESWEEP_SCAN_THREADS: "at most this many threads for the scan's listings (default 0: one per idle CPU; 1: none), for benchmarks and tests: the result is the same",
  XDG_STATE_HOME: 'the default state directory of a user other than root is $XDG_STATE_HOME/cachesweep',
  COLUMNS: 'the width of the table on a terminal (default: the terminal\'s)',
};

export const FILES: readonly (readonly [string, string])[] = [
  [SYSTEM_CONFIG, 'the system-wide config file, read when present (--no-config: none)'],
  ['/var/lib/cachesweep', 'the state directory when run as root: usage store (usage.db) and locks'],
  ['~/.local/state/cachesweep', 'the state directory of other users (or $XDG_STATE_HOME/cachesweep)'],
];

/** Variables cachesweep reads that ENVIRONMENT leaves out (a test wants none). */
export function undescribedVariables(): string[] {
  return Object.keys(OTHER_VARIABLES).filter((v) => !(v in ENVIRONMENT));
}

/** Exit codes as [code, meaning], codes of the same meaning apart. */
export function exitCodes(): [number, string][] {
  return Object.entries(EXIT_MEANINGS).map(([c, m]) => [Number(c), m]);
}

/** The epilogue of `cachesweep --help`: exit codes and examples, aligned. */
export function epilogue(): string {
  const codes = exitCodes();
  const examples = EXAMPLES.map(([cmd, what]) => `  ${cmd}\n      ${what}`);
  return [
    'Exit codes:',
    ...codes.map(([c, m]) => `  ${String(c).padStart(3)}  ${m}`),
    '',
    'Examples:',
    ...examples,
    '',
    'More: man cachesweep, and the docs/ directory of the package.',
  ].join('\n');
}
