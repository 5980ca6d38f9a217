import type { Options } from 'yargs';
import { UsageError } from '../../shared/errors.js';
import { camelCase } from '../../config/flag-spec.js';

const DASH_VALUE = /^-[0-9.]/;

/** Every spelling of every flag that takes a value (`--min-free`, `--minFree`, `-s`), to its definition. */
export function valuedFlags(groups: readonly Record<string, Options>[]): Map<string, Options & { key: string }> {
  const valued = new Map<string, Options & { key: string }>();
  for (const g of groups) {
    for (const [key, opt] of Object.entries(g)) {
      if (opt.type !== 'string' && opt.type !== 'number' && opt.choices === undefined) continue;
      const aliases = opt.alias === undefined ? [] : Array.isArray(opt.alias) ? opt.alias : [opt.alias];
      for (const name of [key, camelCase(key), ...aliases]) valued.set(name.length === 1 ? `-${name}` : `--${name}`, { ...opt, key });
    }
  }
  return valued;
}

/**
 * yargs reads `--min-free -1G` as the flag without a value plus short flags `-1` and `-G` ("Unknown arguments: 1, G"),
 * an error that names neither the flag nor the value. No option of cachesweep starts with a digit, so a token like
 * `-1G` or `-5%` right after a flag that takes a value is that flag's value: pass it as `--min-free=-1G`, and the
 * flag's own validation refuses it with a message naming both.
 */
/**
 * After `--` every word is a positional argument: a cache entry named `-rf` (`cachesweep pin CACHE -- -rf`). yargs
 * leaves such words out of a command's positionals (`pin` then said the cache directory was missing). Every
 * positional of cachesweep is a path (a cache directory, an entry, a report), and `./-rf` names what `-rf` does,
 * so a word starting with `-` is passed as `./` and itself, and yargs reads it as a positional.
 */
const afterDashes = (word: string): string => (word.startsWith('-') ? `./${word}` : word);

export function attachDashValues(argv: readonly string[], groups: readonly Record<string, Options>[]): string[] {
  const valued = new Set(valuedFlags(groups).keys());
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i + 1).map(afterDashes));
      break;
    }
    const next = argv[i + 1];
    if (valued.has(a) && next !== undefined && DASH_VALUE.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * A flag that takes a value, given last or followed by another flag (`plan DIR --threshold`, `clean DIR --wait
 * --quiet`): yargs gives it the empty string, which some flags took for "not set" (`--wait` waited not at all, a
 * bare `--format` printed the default) and others quoted back as a bad value (`--threshold: '' is neither ...`).
 * `-` alone is a value (stdin, for --in-use-from), and so is a negative number (see attachDashValues).
 */
export function refuseMissingValues(argv: readonly string[], groups: readonly Record<string, Options>[]): void {
  const valued = new Set(valuedFlags(groups).keys());
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return;
    if (!valued.has(a)) continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-' && !DASH_VALUE.test(next))) throw new UsageError(`${a}: missing its value (see --help)`);
    i++;
  }
}
