import yargs from 'yargs';

export const COMPLETION_DESCRIBE = 'print a shell completion script (bash, zsh): cachesweep completion >> ~/.bashrc';

/**
 * `cachesweep completion`: print yargs' completion script. It runs on a yargs instance of its own: on the main
 * one, whose default command takes an optional cache directory, yargs would go on to run `clean completion`
 * after printing the script (it cannot stop there without exiting the process). The script calls
 * `cachesweep --get-yargs-completions ...`, which the main instance answers from its commands and flags.
 */
export async function printCompletionScript(rest: string[]): Promise<number> {
  await yargs(['completion', ...rest])
    .scriptName('cachesweep')
    .completion('completion', COMPLETION_DESCRIBE)
    .exitProcess(false)
    .parseAsync();
  return 0;
}
