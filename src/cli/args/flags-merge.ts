import type { ArgsOf, FlagSpecs } from '../../config/flag-spec.js';
import { REPORT_FORMATS } from '../../report/formats/registry.js';
import { scanFlags } from './flags.js';

/** `.json, .md, .csv or .html` */
const orList = (xs: readonly string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

/** Flags of `report merge`: the fleet report files, and the output on stdout. Command-line only, as simulate's. */
export const mergeFlags = {
  report: { type: 'string', array: true, nargs: 1, default: [], describe: `write the fleet report: ${orList(REPORT_FORMATS.extensionsFor('fleet'))} (repeatable)` },
  json: { type: 'boolean', default: false, describe: 'print the fleet document as JSON on stdout' },
  format: scanFlags.format,
  quiet: scanFlags.quiet,
} as const satisfies FlagSpecs;

/** The arguments of `report merge`: its flags and the plans to merge. */
export type MergeArgs = ArgsOf<typeof mergeFlags> & { files?: string[] };
