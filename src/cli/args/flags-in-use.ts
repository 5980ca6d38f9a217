import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import type { GlanceConf } from '../../config/glance-conf.js';
import type { NovaConf } from '../../config/nova-conf.js';
import { detectorNames } from '../../usage/detectors/registry.js';

/** The help group names the detectors from their registry, so a new detector shows up in --help by itself. */
const GROUP = `In use (detectors: ${detectorNames().join(', ')}; see docs/in-use.md):`;

/** Flags of the in-use detectors and of nova.conf: plan, clean and status take them. */
export const inUseFlags = {
  'instances-dir': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: 'directory of instance disks: every image their backing chains reach is in use (repeatable; nova layout default: the parent of the cache)',
  },
  'ignore-unreadable-disks': {
    group: GROUP,
    // Keeping every entry is the safe answer to a disk it cannot read; dropping that is for one run, by hand.
    cliOnly: true,
    type: 'boolean',
    default: false,
    describe: 'a disk that cannot be read only gives a warning (default: it keeps every entry this run)',
  },
  'in-use-from': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: 'file naming entries in use, one name or absolute path a line, # comments; - for stdin (repeatable)',
  },
  'nova-conf': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: "take the cache dir, instances dir and ages from nova.conf, read as Nova reads it (repeatable, later files win; flags given explicitly win)",
  },
  'nova-conf-dir': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: 'a nova.conf.d directory: its *.conf files, sorted, read after the --nova-conf files (repeatable)',
  },
  'glance-conf': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: "take the cache dir, size threshold, stall time and hit counts' driver from glance-api.conf (repeatable, later files win)",
  },
  'glance-conf-dir': {
    group: GROUP,
    safety: true,
    repeatable: true,
    type: 'string',
    requiresArg: true,
    describe: 'a glance-api.conf.d directory: its *.conf files, sorted, read after the --glance-conf files (repeatable)',
  },
} as const satisfies FlagSpecs;

/** The parsed in-use flags (yargs gives a repeated string flag as an array), and what --nova-conf and --glance-conf fill in. */
export type InUseArgs = ArgsOf<typeof inUseFlags> & {
  /** Filled from --nova-conf: what was read, for config --print. */
  novaConfResolved?: NovaConf;
  /** Filled from --glance-conf: what was read, for config --print and the Glance hit counts. */
  glanceConfResolved?: GlanceConf;
  /** Filled from --nova-conf: max-age per layout class (ms), replacing the layout's defaults. */
  classMaxAgeMs?: Record<string, number>;
  /** Filled from --nova-conf / --glance-conf: things worth a warning (Nova's own cleaner still on, ...). */
  novaConfNotes?: string[];
};

/** A flag given zero, one or several times, as a list. */
export function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
