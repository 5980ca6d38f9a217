import type { Options } from 'yargs';
import { UsageError } from '../../shared/errors.js';
import { matchName, nearestName } from '../../shared/nearest.js';
import { valuedFlags } from './dash-values.js';

/** The first word of argv that is neither a flag nor a flag's value: the command, or the default command's cache dir. */
function firstWord(argv: readonly string[], valued: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-') || a === '-') return a;
    if (valued.has(a)) i++;
  }
  return undefined;
}

/**
 * Refuse a first word that looks like a mistyped command. The default command is `clean`, so without this check
 * `cachesweep pln /some/cache` reads `pln` as the cache directory of a clean (and `cachesweep claen`, run where a
 * directory `claen` exists, would clean it). A word with a slash names a path and is left alone: the way to clean
 * a directory whose name is close to a command is to say so (`cachesweep clean ./pln`).
 */
export function refuseCommandTypo(
  argv: readonly string[],
  commands: readonly string[],
  groups: readonly Record<string, Options>[],
  isDir: (p: string) => boolean,
): void {
  const word = firstWord(argv, new Set(valuedFlags(groups).keys()));
  if (word === undefined || word.includes('/') || commands.includes(word)) return;
  const near = nearestName(word, commands);
  if (near === undefined) return;
  const hint = isDir(word) ? `to clean the directory '${word}', say so: cachesweep clean ./${word}` : 'see --help';
  throw new UsageError(`unknown command '${word}': did you mean '${near}'? (${hint})`);
}

/**
 * Values of flags with a fixed set of choices, matched ignoring case where that is unambiguous (`--format JSON`),
 * before yargs sees them; an unknown value is refused here, naming the flag, the choices and the nearest one
 * (yargs would say `Invalid values: Argument: format, Given: "yaml", Choices: ...`).
 */
export function foldChoiceValues(argv: readonly string[], groups: readonly Record<string, Options>[]): string[] {
  const valued = valuedFlags(groups);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const flag = a.startsWith('-') && eq > 0 ? a.slice(0, eq) : a;
    const opt = valued.get(flag);
    const inline = flag !== a;
    const value = inline ? a.slice(eq + 1) : argv[i + 1];
    if (opt?.choices === undefined || value === undefined || (!inline && value.startsWith('-'))) {
      out.push(a);
      continue;
    }
    out.push(`${flag}=${choiceValue(opt.key, value, opt.choices.map(String))}`);
    if (!inline) i++;
  }
  return out;
}

function choiceValue(key: string, value: string, choices: readonly string[]): string {
  const known = matchName(value, choices);
  if (known !== undefined) return known;
  const near = nearestName(value, choices);
  const guess = near === undefined ? '' : `: did you mean '${near}'?`;
  throw new UsageError(`--${key}: unknown value '${value}'${guess} (choose ${choices.join(', ')})`);
}

/**
 * A long flag in capitals or with a capital after a dash (`--DRY-RUN`, `--Max-Age`): yargs camel-cases it to a known
 * flag (`dryRun`), so strict mode lets it pass, but the kebab-case key keeps its default, and the config layer, which
 * reads that key, writes the default back: `clean DIR --DRY-RUN` deleted, `--MIN-AGE 30d` and `--MAX-DELETE 1` were
 * ignored. The names cachesweep knows are lower case (or yargs' camel case, `--dryRun`, which works); any other
 * capital is refused here, naming the flag meant, before anything is read.
 */
export function refuseFlagCase(argv: readonly string[]): void {
  for (const a of argv) {
    if (a === '--') return;
    const m = /^--([^=]+)/.exec(a);
    if (!m || !/[A-Z]/.test(m[1]!) || /^[a-z][a-zA-Z0-9]*$/.test(m[1]!)) continue;
    const meant = m[1]!.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/_/g, '-');
    throw new UsageError(`unknown argument --${m[1]}: flags are lower case (--${meant}; see --help)`);
  }
}
