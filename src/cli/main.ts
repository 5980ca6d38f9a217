import yargs from 'yargs';
import { LockedError } from '../apply/lock.js';
import { UsageError } from '../config/errors.js';
import { cleanCommand } from './commands/clean.js';
import { planCommand } from './commands/plan.js';
import { statusCommand } from './commands/status.js';
import { EXIT } from './exit-codes.js';
import { applyNovaConf } from './nova-conf-args.js';
import { processOutput, type Output } from './output.js';
import { VERSION } from './version.js';

/** Run the CLI on argv (without node and script). Resolves to the exit code; never throws. */
export async function main(argv: string[], o: Output = processOutput()): Promise<number> {
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
      .middleware(applyNovaConf)
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
    return reportError(err, o);
  }
}

function reportError(err: unknown, o: Output): number {
  if (err instanceof UsageError) {
    o.err(`cachesweep: ${err.message}`);
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
