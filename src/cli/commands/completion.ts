import path from 'node:path';
import { SHELLS, type Shell } from '../help/shells.js';
import { EXIT } from '../exit-codes.js';
import { completionScript } from '../help/completion-scripts.js';
import type { Output } from '../term/output.js';

export interface CompletionArgs {
  shell?: Shell;
}

/**
 * `cachesweep completion [bash|zsh|fish]`: print that shell's script. The argument decides; only without one does
 * $SHELL (a login shell is not always the shell the script is for: `completion zsh` run from bash printed the bash
 * script when $SHELL decided).
 */
export async function runCompletion(args: CompletionArgs, o: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const login = path.basename(env.SHELL ?? '');
  const shell: Shell = args.shell ?? SHELLS.find((s) => s === login) ?? 'bash';
  o.out(completionScript(shell).trimEnd());
  return EXIT.OK;
}
