import type { Argv, CommandModule } from 'yargs';
import { withGroups } from '../flags.js';
import { mergeFlags, type MergeArgs } from '../flags-merge.js';
import type { Output } from '../../term/output.js';

export function reportCommand(o: Output, done: (code: number) => void): CommandModule {
  return {
    command: 'report',
    describe: 'work with reports: `report merge` makes one fleet report from many nodes\' JSON plans',
    builder: (y: Argv) =>
      y
        .command({
          command: 'merge [files..]',
          describe: "merge nodes' JSON plans (files or directories) into a fleet report: a row per node, totals, shortfalls first",
          builder: (yy: Argv) =>
            withGroups(
              yy.positional('files', { type: 'string', array: true, describe: 'JSON plans (--json or --report x.json output), or directories of them' }),
              mergeFlags,
            ),
          handler: async (args: MergeArgs) => done(await (await import('../../commands/report.js')).runMerge(args, o)),
        })
        .demandCommand(1, 'give a report command: merge'),
    handler: () => undefined,
  };
}
