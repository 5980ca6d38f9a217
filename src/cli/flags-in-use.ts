import type { Options } from 'yargs';
import { detectorNames } from '../usage/detectors/registry.js';

/** The help group names the detectors from their registry, so a new detector shows up in --help by itself. */
const GROUP = `In use (detectors: ${detectorNames().join(', ')}; see docs/in-use.md):`;

/** Flags of the in-use detectors and of nova.conf: plan, clean and status take them. */
export const inUseFlags: Record<string, Options> = {
  'instances-dir': {
    group: GROUP,
    type: 'string',
    requiresArg: true,
    describe: 'directory of instance disks: every image their backing chains reach is in use (repeatable; nova layout default: the parent of the cache)',
  },
  'ignore-unreadable-disks': {
    group: GROUP,
    type: 'boolean',
    default: false,
    describe: 'a disk that cannot be read only gives a warning (default: it keeps every entry this run)',
  },
  'in-use-from': {
    group: GROUP,
    type: 'string',
    requiresArg: true,
    describe: 'file naming entries in use, one name or absolute path a line, # comments; - for stdin (repeatable)',
  },
  'nova-conf': {
    group: GROUP,
    type: 'string',
    requiresArg: true,
    describe: "take the cache dir, instances dir and ages from nova.conf (flags given explicitly win)",
  },
};

/** The parsed in-use flags (yargs gives a repeated string flag as an array). */
export interface InUseArgs {
  instancesDir?: string | string[];
  ignoreUnreadableDisks?: boolean;
  inUseFrom?: string | string[];
  novaConf?: string;
  /** Filled from --nova-conf: max-age per layout class (ms), replacing the layout's defaults. */
  classMaxAgeMs?: Record<string, number>;
  /** Filled from --nova-conf: things worth a warning (Nova's own cleaner still on, ...). */
  novaConfNotes?: string[];
}

/** A flag given zero, one or several times, as a list. */
export function asList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
