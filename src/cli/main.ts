import { LockedError } from '../apply/locked-error.js';
import { annotateUsageError } from '../config/effective.js';
import { UsageError } from '../shared/errors.js';
import type { ConfigContext } from './args/config-middleware.js';
import { EXIT } from './exit-codes.js';
import { oneLine } from './term/error-line.js';
import type { Output } from './term/output.js';
import { VERSION } from './version.js';

/**
 * Run the CLI on argv (without node and script). Resolves to the exit code; never throws.
 * Only what every run needs is loaded up front: `--version` alone is answered without loading yargs, and the
 * parser (./parser.ts) loads a command's code only when that command runs.
 */
export async function main(argv: string[], given?: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    if (given) given.out(VERSION);
    else {
      process.stdout.on('error', () => undefined); // a reader that went away: nothing to do about it
      process.stdout.write(`${VERSION}\n`);
    }
    return EXIT.OK;
  }
  const o = given ?? (await import('./term/output.js')).processOutput();
  const ctx: ConfigContext = { env };
  try {
    if (argv[0] === '--get-yargs-completions') {
      // the shell scripts of `completion` ask this on every Tab; argv[1] is the program's name as typed
      o.out((await import('./help/complete.js')).complete(argv.slice(2)).join('\n'));
      return EXIT.OK;
    }
    return await (await import('./args/parser.js')).parseAndRun(argv, o, ctx);
  } catch (err) {
    return reportError(err, o, ctx);
  }
}


function reportError(err: unknown, o: Output, ctx: ConfigContext): number {
  if (err instanceof UsageError) {
    o.err(`cachesweep: ${oneLine(annotateUsageError(err.message, ctx.effective))}`);
    return EXIT.USAGE;
  }
  if (err instanceof LockedError) {
    o.err(`cachesweep: ${oneLine(err.message)}`);
    return EXIT.LOCKED;
  }
  const e = err as Error;
  o.err(`cachesweep: internal error: ${oneLine(e?.message ?? String(err))} (nothing more was deleted; set CACHESWEEP_DEBUG=1 for details)`);
  if (process.env.CACHESWEEP_DEBUG) o.err(String(e?.stack ?? err));
  return EXIT.INTERNAL;
}
