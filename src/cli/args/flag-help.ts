import type { FlagSpec, FlagSpecs } from '../../config/flag-spec.js';

/** `"auto"` -> `auto`, `["a","b"]` -> `a, b` */
const shown = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : String(v));

/**
 * A flag's description with what help must say beside it: its choices and its default, in words. yargs' own
 * annotations (`[string] [default: []]`, `[array] [required] [default: []]`) are turned off (the parser's
 * usageConfiguration): they stated the obvious, ran into the text where it filled the line (`never inside
 * it[string]`), and contradicted each other. Said once, here, for --help, the man page and completions alike.
 */
export function flagHelp(spec: FlagSpec): string {
  const text = spec.describe ?? '';
  const parts = [text];
  if (spec.choices && !text.includes(spec.choices.join(', '))) parts.push(`one of ${shown(spec.choices)}`);
  const d = spec.default;
  if (d === true) parts.push('on by default');
  else if (!/\bdefault\b/.test(text) && d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0)) parts.push(`default ${shown(d)}`);
  return parts.filter(Boolean).join('; ');
}

/** A group of flags as yargs gets it: the same specs, each described by flagHelp. */
export function forHelp<G extends FlagSpecs>(group: G): G {
  return Object.fromEntries(Object.entries(group).map(([k, spec]) => [k, { ...spec, describe: flagHelp(spec) }])) as unknown as G;
}
