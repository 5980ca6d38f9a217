import yargs from 'yargs';
import { LockedError } from '../apply/lock.js';
import { UsageError } from '../config/errors.js';
import { annotateUsageError } from '../config/effective.js';
import { cleanCommand } from './commands/clean.js';
import { COMPLETION_DESCRIBE, printCompletionScript } from './commands/completion.js';
import { configCommand } from './commands/config.js';
import { reportCommand } from './commands/report.js';
import { configMiddleware, type ConfigContext } from './config-middleware.js';
import { planCommand } from './commands/plan.js';
import { statusCommand } from './commands/status.js';
import { EXIT } from './exit-codes.js';
import { processOutput, type Output } from './output.js';
import { VERSION } from './version.js';

/** Run the CLI on argv (without node and script). Resolves to the exit code; never throws. */
export async function main(argv: string[], o: Output = processOutput(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ctx: ConfigContext = { env };
  if (argv[0] === 'completion') return printCompletionScript(argv.slice(1)).catch((err: unknown) => reportError(err, o, ctx));
  let code: number = EXIT.OK;
  const done = (c: number): void => {
    code = c;
  };
  try {
    await yargs(argv)
      .scriptName('cachesweep')
      .usage('$0 [clean] <cache-dir> [options]\n\nClean an on-disk cache: scan it, plan which entries to evict and why, and apply the plan.')
      .command(cleanCommand(o, done))
      .command(planCommand(o, done))
      .command(statusCommand(o, done))
      .command(configCommand(o, done, ctx))
      .command(reportCommand(o, done))
      .completion('completion', COMPLETION_DESCRIBE)
      .middleware(configMiddleware(ctx) as never, true)
      .demandCommand(1, 'give a cache directory (see --help)')
      .strict()
      .version(VERSION)
      .help()
      .alias('h', 'help')
      .wrap(Math.min(110, process.stdout.columns || 100))
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      })
      .parseAsync();
    return code;
  } catch (err) {
    return reportError(err, o, ctx);
  }
}

function reportError(err: unknown, o: Output, ctx: ConfigContext): number {
  if (err instanceof UsageError) {
    o.err(`cachesweep: ${annotateUsageError(err.message, ctx.effective)}`);
    return EXIT.USAGE;
  }
  if (err instanceof LockedError) {
    o.err(`cachesweep: ${err.message}`);
    return EXIT.LOCKED;
  }
  const e = err as Error;
  o.err(`cachesweep: internal error: ${e?.message ?? String(err)} (nothing more was deleted; set CACHESWEEP_DEBUG=1 for details)`);
  if (process.env.CACHESWEEP_DEBUG) o.err(String(e?.stack ?? err));
  return EXIT.INTERNAL;
}
