import yargs from 'yargs';
import { LockedError } from '../apply/lock.js';
import { UsageError } from '../config/errors.js';
import { annotateUsageError } from '../config/effective.js';
import { cleanCommand } from './commands/clean.js';
import { historyCommand } from './commands/history.js';
import { pinCommand } from './commands/pin.js';
import { COMPLETION_DESCRIBE, printCompletionScript } from './commands/completion.js';
import { configCommand } from './commands/config.js';
import { reportCommand } from './commands/report.js';
import { configMiddleware, type ConfigContext } from './config-middleware.js';
import { planCommand } from './commands/plan.js';
import { simulateCommand, simulateFlags } from './commands/simulate.js';
import { statusCommand } from './commands/status.js';
import { attachDashValues } from './argv.js';
import { touchCommand } from './commands/touch.js';
import { unpinCommand } from './commands/unpin.js';
import { EXIT } from './exit-codes.js';
import { oneLine } from './one-line.js';
import { clockFlags, planFlags, runFlags, scanFlags } from './flags.js';
import { applyNovaConf } from './nova-conf-args.js';
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
      .command(configCommand(o, done, ctx))
      .command(reportCommand(o, done))
      .command(simulateCommand(o, done))
      .completion('completion', COMPLETION_DESCRIBE)
      .options(clockFlags)
      .middleware(configMiddleware(ctx) as never, true)
      .middleware(applyNovaConf)
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
        throw new UsageError(friendlier(msg ?? err?.message ?? '', argv));
      })
      .parseAsync();
    return code;
  } catch (err) {
    return reportError(err, o, ctx);
  }
}

/** yargs' wording, in terms an operator acts on. */
export function friendlier(msg: string, argv: readonly string[] = []): string {
  const noValue = /^Not enough arguments following: (.+)$/.exec(msg.trim());
  if (noValue) return `--${noValue[1]}: missing its value (see --help)`;
  if (/^Not enough non-option arguments/.test(msg)) return 'missing the cache directory (e.g. cachesweep plan /var/lib/nova/instances/_base; see --help)';
  const unknown = /^Unknown arguments?: (.*)$/s.exec(msg.trim());
  if (unknown) {
    const names = unknown[1]!.split(', ').filter((n, _i, all) => !(/[A-Z]/.test(n) && all.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))));
    const shown = names.map((n) => (argv.includes(n) ? `'${n}'` : n.length > 1 ? `--${n}` : `-${n}`));
    return `unknown ${names.length > 1 ? 'arguments' : 'argument'} ${shown.join(', ')} (see --help)`;
  }
  return msg;
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
