import { kindOf, type FlagSpec } from '../../config/flag-spec.js';
import { cliDefinition, type CommandDef, type FlagDef } from './definitions.js';
import { PATH_MARK } from './shells.js';


const named = (defs: readonly CommandDef[], word: string): CommandDef | undefined => defs.find((d) => d.path.split(' ').pop() === word);

/** The flag a word names (`--strategy`, `-s`, `--strategy=lru`), if the command has it. */
function flagOf(c: CommandDef | undefined, word: string): FlagSpec | undefined {
  if (!c || !word.startsWith('-')) return undefined;
  const name = word.replace(/^--?/, '').split('=')[0]!;
  return c.flags.find((f) => f.name === name || [f.spec.alias ?? []].flat().includes(name))?.spec;
}

const takesValue = (spec: FlagSpec | undefined): boolean => spec !== undefined && kindOf(spec) !== 'boolean';

/** `--name` for each flag, `--no-name` too where the default is on; help and version last. */
function flagWords(c: CommandDef | undefined): string[] {
  const flags: FlagDef[] = c?.flags ?? [];
  const words = flags.flatMap((f) => (f.spec.default === true ? [`--${f.name}`, `--no-${f.name}`] : [`--${f.name}`]));
  return [...words, '--help', ...(c ? [] : ['--version'])];
}

/**
 * What may come at the end of `words` (the words typed after the program's name, the last one being completed,
 * possibly empty): command names, then subcommand names, a flag's values, or flags; PATH_MARK where a file or
 * directory name fits. Read from the command definitions, as help is, so that a flag added there completes.
 */
export function complete(words: readonly string[], defs: readonly CommandDef[] = cliDefinition()): string[] {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  let level = defs;
  let command: CommandDef | undefined;
  let positionals = 0;
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (w.startsWith('-')) {
      if (!w.includes('=') && takesValue(flagOf(command ?? named(defs, 'clean'), w))) i++;
      continue;
    }
    const sub = positionals === 0 ? named(level, w) : undefined;
    if (sub) {
      command = sub;
      level = sub.subcommands;
      continue;
    }
    positionals++;
  }
  const scope = command ?? named(defs, 'clean');
  const out: string[] = [];
  const previous = flagOf(scope, before[before.length - 1] ?? '');
  if (takesValue(previous) && !(before[before.length - 1] ?? '').includes('=')) {
    const values = (previous!.choices ?? previous!.values ?? []).map(String);
    out.push(...(values.length > 0 ? values : [PATH_MARK]));
  } else if (current.startsWith('-')) out.push(...flagWords(command));
  else if (command?.subcommands.length) out.push(...command.subcommands.map((s) => s.path.split(' ').pop()!));
  else {
    if (!command && positionals === 0) out.push(...defs.map((d) => d.path));
    const shell = command?.positionals.find((p) => p.name === 'shell');
    out.push(...(shell ? (shell.spec.choices ?? []).map(String) : [PATH_MARK]));
  }
  return out.filter((w) => w === PATH_MARK || w.toLowerCase().startsWith(current.toLowerCase()));
}
