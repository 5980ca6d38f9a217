import type { Arguments, Options } from 'yargs';
import { aliasesOf, camelCase, type FlagSpec, type FlagSpecs } from '../../config/flag-spec.js';
import { UsageError } from '../../shared/errors.js';

/**
 * A switch given a value: yargs reads `--dry-run=yes` and `--dry-run=no` alike as false, so `clean DIR --dry-run=yes`
 * deleted (so did `-n=yes`), and `--json=maybe` printed text. `=true` and `=false` are what yargs means by them; any other value is
 * refused before anything is read.
 */
export function refuseSwitchValues(argv: readonly string[], groups: readonly Record<string, Options>[]): void {
  const switches = new Set<string>();
  const valued = new Set<string>();
  const longNames = new Map<string, string>();
  for (const g of groups) {
    for (const [key, spec] of Object.entries(g) as [string, FlagSpec][]) {
      for (const name of [key, camelCase(key), ...aliasesOf(spec)]) (spec.type === 'boolean' ? switches : valued).add(name);
      for (const a of aliasesOf(spec)) longNames.set(a, key);
    }
  }
  for (const a of argv) {
    if (a === '--') return;
    const m = /^--(?:no-)?([^=]+)=(.*)$/s.exec(a) ?? /^-([^-=])=(.*)$/s.exec(a);
    if (!m || !switches.has(m[1]!) || valued.has(m[1]!)) continue;
    if (m[2] === 'true' || m[2] === 'false') continue;
    const flag = a.slice(0, a.indexOf('='));
    const long = flag.startsWith('--') ? m[1]! : longNames.get(m[1]!) ?? m[1]!;
    const other = flag.startsWith('--no-') ? `--${long}` : `--no-${long}`;
    throw new UsageError(`${flag}: a switch takes no value ('${m[2]}'); give ${flag} alone, or ${other}`);
  }
}

/**
 * A flag that takes one value, given twice (`--strategy lru --strategy age`): yargs makes an array of them, which the
 * flag's parser read as one value joined by commas (`'1d,2d' is not a duration`) or not at all (an internal error
 * for --strategy, the first --format silently). Which one the operator meant is not for cachesweep to guess in a run
 * that deletes: refused, naming both values. Repeatable flags (`array: true`, `repeatable: true`) are left alone. A yargs middleware
 * for one command's flags, run before validation.
 */
export function refuseRepeats(groups: readonly FlagSpecs[]): (args: Arguments) => void {
  const once = groups.flatMap((g) => Object.entries(g).filter(([, s]) => !s.array && !s.repeatable && s.type !== 'array' && s.type !== 'count'));
  return (args) => {
    for (const [key, spec] of once) {
      const value = args[key] ?? args[camelCase(key)];
      if (!Array.isArray(value)) continue;
      const shown = spec.type === 'boolean' ? '' : ` (${value.map((v) => `'${String(v)}'`).join(', ')})`;
      throw new UsageError(`--${key} given ${value.length} times${shown}: give it once`);
    }
  };
}
