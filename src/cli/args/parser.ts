import yargs from 'yargs';
import { UsageError } from '../../shared/errors.js';
import { attachDashValues } from './dash-values.js';
import { COMPLETION_DESCRIBE } from '../commands/completion.js';
import { configMiddleware, envNamesMiddleware, type ConfigContext } from './config-middleware.js';
import { cleanCommand } from './defs/clean.js';
import { configCommand } from './defs/config.js';
import { planCommand } from './defs/plan.js';
import { reportCommand } from './defs/report.js';
import { simulateCommand } from './defs/simulate.js';
import { statusCommand } from './defs/status.js';
import { historyCommand, pinCommand, storeCommand, touchCommand, unpinCommand } from './defs/store.js';
import { EXIT } from '../exit-codes.js';
import { rewordYargsMessage } from '../term/yargs-messages.js';
import { clockFlags, planFlags, runFlags, scanFlags } from './flags.js';
import { simulateFlags } from './flags-simulate.js';
import { applyServiceConfs } from './nova-conf-args.js';
import type { Output } from '../term/output.js';
import { VERSION } from '../version.js';

/**
 * Parse argv with yargs and run the command it names (main.ts loads this module only when there is something to
 * parse). The command definitions come from ./defs, which import only flag definitions: a command's code is loaded
 * when it runs. Resolves to the exit code; throws what main reports.
 */
export async function parseAndRun(argv: string[], o: Output, ctx: ConfigContext): Promise<number> {
  let code: number = EXIT.OK;
  const done = (c: number): void => {
    code = c;
  };
  await yargs(attachDashValues(argv, [scanFlags, planFlags, runFlags, simulateFlags]))
    .scriptName('cachesweep')
    .usage('$0 [clean] <cache-dir> [options]\n\nClean an on-disk cache: scan it, plan which entries to evict and why, and apply the plan.')
    .command(cleanCommand(o, done))
    .command(planCommand(o, done))
    .command(statusCommand(o, done))
    .command(touchCommand(o, done))
    .command(pinCommand(o, done))
    .command(unpinCommand(o, done))
    .command(historyCommand(o, done))
    .command(storeCommand(o, done))
    .command(configCommand(o, done, ctx))
    .command(reportCommand(o, done))
    .command(simulateCommand(o, done))
    .completion('completion', COMPLETION_DESCRIBE)
    .options(clockFlags)
    // Sync on purpose: an async middleware before validation makes yargs throw its parse errors past .fail().
    .middleware(envNamesMiddleware(ctx, o), true)
    .middleware(configMiddleware(ctx), true)
    .middleware((a) => applyServiceConfs(a, ctx))
    .demandCommand(1, 'give a cache directory (see --help)')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs' own argument errors (a flag given without its value) come as a YError: usage errors too
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(rewordYargsMessage(msg ?? err?.message ?? '', argv));
    })
    .parseAsync();
  return code;
}
