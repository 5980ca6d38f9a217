import fs from 'node:fs';
import yargs from 'yargs';
import { UsageError } from '../../shared/errors.js';
import { attachDashValues, refuseMissingValues } from './dash-values.js';
import { refuseSwitchValues } from './once.js';
import { configMiddleware, envNamesMiddleware, type ConfigContext } from './config-middleware.js';
import { commandModules, commandName } from './commands.js';
import { EXIT } from '../exit-codes.js';
import { rewordYargsMessage } from '../term/yargs-messages.js';
import { cleanFlags, clockFlags, configFlags, evictFlags, planFlags, runFlags, scanFlags } from './flags.js';
import { inUseFlags } from './flags-in-use.js';
import { foldChoiceValues, refuseCommandTypo, refuseFlagCase } from './typos.js';
import { simulateFlags } from './flags-simulate.js';
import { historyFlags, pinFlags } from './flags-store.js';
import { applyServiceConfs } from './nova-conf-args.js';
import type { Output } from '../term/output.js';
import { VERSION } from '../version.js';
import { epilogue, SUMMARY } from '../help/help-text.js';
import { skipHelpCache } from './help-cache.js';

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
  const commands = commandModules(o, done, ctx);
  // pin's --for/--until and history's --since too: `pin DIR x --for -1d` said `unknown arguments -1, -d`.
  const groups = [configFlags, scanFlags, planFlags, runFlags, cleanFlags, inUseFlags, clockFlags, simulateFlags, evictFlags, pinFlags, historyFlags];
  refuseFlagCase(argv);
  refuseCommandTypo(argv, commands.map(commandName), groups, isDir);
  refuseMissingValues(argv, groups);
  refuseSwitchValues(argv, groups);
  let y = yargs(attachDashValues(foldChoiceValues(argv, groups), groups))
    .scriptName('cachesweep')
    .usage(`$0 [clean] <cache-dir> [options]\n\n${SUMMARY}`);
  // yargs 18 has it, @types/yargs 17 not yet: help without yargs' annotations (flagHelp says defaults and choices)
  (y as unknown as { usageConfiguration(c: object): unknown }).usageConfiguration({ 'hide-types': true });
  for (const c of commands) y = y.command(c);
  skipHelpCache(y);
  await y
    .options(clockFlags)
    // Sync on purpose: an async middleware before validation makes yargs throw its parse errors past .fail().
    .middleware(envNamesMiddleware(ctx, o), true)
    .middleware(configMiddleware(ctx), true)
    .middleware((a) => applyServiceConfs(a, ctx))
    .demandCommand(1, 'give a cache directory (see --help)')
    .strict()
    .version('version', 'print the version and exit', VERSION)
    .alias('V', 'version')
    .help('help', 'print this help and exit')
    .alias('h', 'help')
    .epilogue(epilogue())
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


function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
