import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import { scanFlags } from './flags.js';

/** Flags of `report merge`: the fleet report files, and the output on stdout. Command-line only, as simulate's. */
export const mergeFlags = {
  report: { type: 'string', array: true, nargs: 1, default: [], describe: 'write the fleet report: .html, .md, .json or .csv (repeatable)' },
  json: { type: 'boolean', default: false, describe: 'print the fleet document as JSON on stdout' },
  format: scanFlags.format,
  quiet: scanFlags.quiet,
} as const satisfies FlagSpecs;

/** The arguments of `report merge`: its flags and the plans to merge. */
export type MergeArgs = ArgsOf<typeof mergeFlags> & { files?: string[] };
