import type { CommandModule } from 'yargs';
import type { CompletionArgs } from '../../commands/completion.js';
import { SHELLS } from '../../help/shells.js';
import type { Output } from '../../term/output.js';



export function completionCommand(o: Output, done: (code: number) => void): CommandModule<object, CompletionArgs> {
  return {
    command: 'completion [shell]',
    describe: 'print the completion script of a shell: bash, zsh or fish',
    builder: (y) =>
      y.positional('shell', {
        type: 'string',
        choices: SHELLS,
        describe: `${SHELLS.join(', ')}; without it, the shell $SHELL names, else bash`,
      }) as never,
    handler: async (args) => done(await (await import('../../commands/completion.js')).runCompletion(args, o)),
  };
}
