import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import { clockFlags, configFlags, scanFlags, type CacheDirArg } from './flags.js';

/**
 * Flags of the usage-store commands (touch, pin, unpin, history): where the store is, and how the cache is named.
 * Not config-file keys of their own: they are the scan flags of the same names.
 */
export const storeFlags = {
  'state-dir': scanFlags['state-dir'],
  layout: scanFlags.layout,
  quiet: scanFlags.quiet,
  'i-know-this-is-a-system-directory': scanFlags['i-know-this-is-a-system-directory'],
} as const satisfies FlagSpecs;

/** Flags of `history`: the store, the output, and how far back. */
export const historyFlags = {
  'state-dir': scanFlags['state-dir'],
  json: scanFlags.json,
  format: scanFlags.format,
  wide: scanFlags.wide,
  quiet: scanFlags.quiet,
  'i-know-this-is-a-system-directory': scanFlags['i-know-this-is-a-system-directory'],
  since: { type: 'string', describe: 'only evictions in this last period (e.g. 30d, 12h)' },
} as const satisfies FlagSpecs;

/** The arguments of touch, pin and unpin. */
export type EntriesArgs = ArgsOf<typeof configFlags & typeof storeFlags & typeof clockFlags> & CacheDirArg & { entry?: string[] };

/** The arguments of `history`. */
export type HistoryArgs = ArgsOf<typeof configFlags & typeof historyFlags & typeof clockFlags> & CacheDirArg;
