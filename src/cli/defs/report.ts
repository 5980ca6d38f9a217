import type { Argv, CommandModule } from 'yargs';
import { REPORT_FORMATS } from '../../report/formats/registry.js';
import type { MergeArgs } from '../commands/report.js';
import type { Output } from '../output.js';

/** `.json, .md, .csv or .html` */
const orList = (xs: readonly string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

export function reportCommand(o: Output, done: (code: number) => void): CommandModule<object, MergeArgs> {
  return {
    command: 'report',
    describe: 'work with reports: `report merge` makes one fleet report from many nodes\' JSON plans',
    builder: (y: Argv) =>
      y
        .command({
          command: 'merge [files..]',
          describe: "merge nodes' JSON plans (files or directories) into a fleet report: a row per node, totals, shortfalls first",
          builder: (yy: Argv) =>
            yy
              .positional('files', { type: 'string', array: true, describe: 'JSON plans (--json or --report x.json output), or directories of them' })
              .options({
                report: { type: 'string', array: true, nargs: 1, default: [], describe: `write the fleet report: ${orList(REPORT_FORMATS.extensionsFor('fleet'))} (repeatable)` },
                json: { type: 'boolean', default: false, describe: 'print the fleet document as JSON on stdout' },
                format: { choices: ['auto', 'table', 'plain', 'json'], default: 'auto', describe: 'output: table on a TTY, plain when piped' },
                quiet: { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' },
              }),
          handler: async (args) => done(await (await import('../commands/report.js')).runMerge(args as unknown as MergeArgs, o)),
        })
        .demandCommand(1, 'give a report command: merge') as never,
    handler: () => undefined,
  };
}
