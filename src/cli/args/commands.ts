import type { CommandModule } from 'yargs';
import type { ConfigContext } from './config-middleware.js';
import { cleanCommand } from './defs/clean.js';
import { completionCommand } from './defs/completion.js';
import { configCommand } from './defs/config.js';
import { planCommand } from './defs/plan.js';
import { reportCommand } from './defs/report.js';
import { simulateCommand } from './defs/simulate.js';
import { statusCommand } from './defs/status.js';
import { historyCommand, pinCommand, storeCommand, touchCommand, unpinCommand } from './defs/store.js';
import type { Output } from '../term/output.js';

/**
 * Every command, in the order help lists them. The parser runs them; help's epilogue, the man page and the shell
 * completions read them (./definitions.ts), so a command added here is in all four.
 */
export function commandModules(o: Output, done: (code: number) => void, ctx: ConfigContext): CommandModule<object, any>[] {
  return [
    cleanCommand(o, done),
    planCommand(o, done),
    statusCommand(o, done),
    touchCommand(o, done),
    pinCommand(o, done),
    unpinCommand(o, done),
    historyCommand(o, done),
    storeCommand(o, done),
    configCommand(o, done, ctx),
    reportCommand(o, done),
    simulateCommand(o, done),
    completionCommand(o, done),
  ];
}

/** `plan` of `plan [cache-dir]`, `clean` of `['clean [cache-dir]', '$0 [cache-dir]']`. */
export function commandName(c: CommandModule<object, unknown>): string {
  const first = Array.isArray(c.command) ? c.command[0] : c.command;
  return String(first).split(' ')[0]!;
}
