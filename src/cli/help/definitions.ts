import type { Argv, CommandModule } from 'yargs';
import type { FlagSpec } from '../../config/flag-spec.js';
import { commandModules } from '../args/commands.js';
import type { Output } from '../term/output.js';

/** A flag as one command takes it. */
export interface FlagDef {
  name: string;
  spec: FlagSpec;
}

/** A command as help shows it: what the command-line definitions (../args/defs) give yargs, read back. */
export interface CommandDef {
  /** `plan`, `report merge` */
  path: string;
  /** `plan [cache-dir]`, `report merge [files..]` */
  usage: string;
  describe: string;
  isDefault: boolean;
  positionals: FlagDef[];
  /** In the order the definition adds them; hidden flags (test hooks) are left out. */
  flags: FlagDef[];
  /** The text its --help ends with (evict's and pin's exit codes), when it has one. */
  epilog?: string;
  subcommands: CommandDef[];
}

/**
 * Read a command's definition by running its builder on a recorder instead of yargs: every `.options()`,
 * `.option()`, `.positional()`, `.command()` and `.epilog()` it makes is kept, every other call is ignored. This is how help's
 * epilogue, the man page and the completions list exactly what the parser accepts; a second table of the same
 * flags written by hand for the man page drifted the first time a flag was added (--wide was missing from it).
 */
function readCommand(c: CommandModule<object, any>, parent: string): CommandDef {
  const usages = (Array.isArray(c.command) ? c.command : [c.command]).map(String);
  const usage = usages.find((u) => !u.startsWith('$0'))!;
  const path = [parent, usage.split(' ')[0]!].filter(Boolean).join(' ');
  const def: CommandDef = {
    path,
    usage: [parent, usage].filter(Boolean).join(' '),
    describe: String(c.describe ?? ''),
    isDefault: usages.some((u) => u.startsWith('$0')),
    positionals: [],
    flags: [],
    subcommands: [],
  };
  const flags = new Map<string, FlagSpec>();
  const recorder: Argv = new Proxy({} as Argv, {
    get: (_t, method) => (...args: unknown[]) => {
      if (method === 'options') for (const [k, v] of Object.entries(args[0] as Record<string, FlagSpec>)) flags.set(k, v);
      if (method === 'option') flags.set(args[0] as string, args[1] as FlagSpec);
      if (method === 'positional') def.positionals.push({ name: args[0] as string, spec: args[1] as FlagSpec });
      if (method === 'command') def.subcommands.push(readCommand(args[0] as CommandModule<object, any>, path));
      if (method === 'epilog' || method === 'epilogue') def.epilog = String(args[0]);
      return recorder;
    },
  });
  if (typeof c.builder === 'function') c.builder(recorder as never);
  else if (c.builder) recorder.options(c.builder as never);
  def.flags = [...flags].filter(([, spec]) => !spec.hidden).map(([name, spec]) => ({ name, spec }));
  return def;
}

const inert: Output = new Proxy({} as Output, { get: () => () => undefined });

/** Every command the CLI has, with its flags, as the parser defines them. */
export function cliDefinition(): CommandDef[] {
  return commandModules(inert, () => undefined, { env: {} }).map((c) => readCommand(c, ''));
}

/** The commands that run, with subcommands in place of their parent (`report merge`, not `report`). */
export function leafCommands(defs: readonly CommandDef[] = cliDefinition()): CommandDef[] {
  return defs.flatMap((d) => (d.subcommands.length > 0 ? leafCommands(d.subcommands) : [d]));
}
