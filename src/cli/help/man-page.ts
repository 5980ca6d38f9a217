import { kindOf } from '../../config/flag-spec.js';
import { leafCommands, type CommandDef, type FlagDef } from './definitions.js';
import { ENVIRONMENT, EXAMPLES, FILES, SUMMARY, exitCodes } from './help-text.js';

/**
 * cachesweep(1), in man(7) roff, from the definitions --help shows: the commands and their flags as the parser
 * defines them (./definitions.ts), exit codes beside EXIT, environment, files and examples from ./help-text.ts.
 * `npm run gen:man` writes man/cachesweep.1; a test regenerates it and compares, and renders it with man -l.
 */

/** Text safe in roff: backslashes escaped, hyphens as hyphens (\-, not a typographic dash), no leading dot or quote. */
function roff(text: string): string {
  const t = text.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  return /^[.']/.test(t) ? `\\&${t}` : t;
}

/** `plan [cache-dir]` -> `\fBplan\fR [\fIcache-dir\fR]` */
function usageLine(usage: string): string {
  return usage
    .split(' ')
    .map((w) => {
      const m = /^([[<])(.+?)(\.\.)?([\]>])$/.exec(w);
      return m ? `${m[1]}\\fI${roff(m[2]!)}\\fR${m[3] ? '...' : ''}${m[4]}` : `\\fB${roff(w)}\\fR`;
    })
    .join(' ');
}

/** `.BR \-s ", " \-\-strategy " " \fIVALUE\fR` style heading of a flag. */
function flagHeading(f: FlagDef): string {
  const aliases = [f.spec.alias ?? []].flat().map((a) => `\\fB\\-${roff(a)}\\fR, `);
  const value = kindOf(f.spec) === 'boolean' ? '' : ` \\fI${f.spec.choices ? f.spec.choices.map(String).join('|') : 'VALUE'}\\fR`;
  const negated = kindOf(f.spec) === 'boolean' && f.spec.default === true ? `, \\fB\\-\\-no\\-${roff(f.name)}\\fR` : '';
  return `${aliases.join('')}\\fB\\-\\-${roff(f.name)}\\fR${value}${negated}`;
}

/** Flags of the same name and meaning once, with the commands that take them. */
function flagsOnce(commands: readonly CommandDef[]): { flag: FlagDef; commands: string[] }[] {
  const out = new Map<string, { flag: FlagDef; commands: string[] }>();
  for (const c of commands) {
    for (const f of c.flags) {
      const key = `${f.name}\0${f.spec.describe}`;
      const seen = out.get(key);
      if (seen) seen.commands.push(c.path);
      else out.set(key, { flag: f, commands: [c.path] });
    }
  }
  return [...out.values()];
}

const section = (title: string, ...lines: string[]): string[] => [`.SH ${title}`, ...lines];

/**
 * A command's own exit codes (the end of its --help: `Exit codes:`, then `  0  text` items whose longer texts go on
 * over indented lines) as one sentence for its paragraph under COMMANDS: `Exit codes: 0 text; 2 text.`
 */
function commandExitCodes(epilog: string): string {
  const items: string[] = [];
  for (const line of epilog.split('\n').slice(1)) {
    const item = /^ {2}(\S+) {2}(.*)$/.exec(line);
    if (item) items.push(`${item[1]} ${item[2]}`);
    else if (items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return `${epilog.split('\n')[0]} ${items.join('; ')}.`;
}
const tagged = (tag: string, text: string): string[] => ['.TP', tag, roff(text)];

export function manPage(defs: readonly CommandDef[], version: string): string {
  const commands = leafCommands(defs);
  const lines = [
    `.TH CACHESWEEP 1 "" "cachesweep ${roff(version)}" "User Commands"`,
    // flag names must not be hyphenated across lines, nor spread apart by justification
    ".nh",
    ".ad l",
    ...section('NAME', `cachesweep \\- ${roff(SUMMARY.replace(/\.$/, '').replace(/^C/, 'c'))}`),
    ...section('SYNOPSIS', `\\fBcachesweep\\fR [\\fBclean\\fR] \\fIcache\\-dir\\fR [\\fIoptions\\fR]`, ...commands.flatMap((c) => ['.br', `\\fBcachesweep\\fR ${usageLine(c.usage)} [\\fIoptions\\fR]`])),
    ...section('DESCRIPTION', roff(SUMMARY), '.PP', roff('Without a command, the cache directory is cleaned: cachesweep DIR is cachesweep clean DIR. Every flag may also come from a config file or a CACHESWEEP_<FLAG> variable (see ENVIRONMENT); the command line wins.')),
    ...section(
      'COMMANDS',
      ...commands.flatMap((c) => [
        ...tagged(usageLine(c.usage), c.describe + (c.isDefault ? ' (the default command)' : '')),
        ...c.positionals.flatMap((p) => ['.RS', '.TP', `\\fI${roff(p.name)}\\fR`, roff(p.spec.describe ?? ''), '.RE']),
        ...(c.flags.length > 0 ? ['.IP', `Flags: ${c.flags.map((f) => `\\fB\\-\\-${roff(f.name)}\\fR`).join(', ')}.`] : []),
        ...(c.epilog ? ['.IP', roff(commandExitCodes(c.epilog))] : []),
      ]),
    ),
    ...section(
      'OPTIONS',
      ...flagsOnce(commands).flatMap(({ flag, commands: cs }) => tagged(flagHeading(flag), `${flag.spec.describe ?? ''}. Commands: ${cs.join(', ')}.`)),
      ...tagged('\\fB\\-h\\fR, \\fB\\-\\-help\\fR', 'print the help of the command and exit'),
      ...tagged('\\fB\\-V\\fR, \\fB\\-\\-version\\fR', 'print the version and exit'),
    ),
    ...section('EXIT STATUS', ...exitCodes().flatMap(([code, meaning]) => tagged(`\\fB${code}\\fR`, meaning))),
    ...section('ENVIRONMENT', ...Object.entries(ENVIRONMENT).flatMap(([name, text]) => tagged(`\\fB${roff(name)}\\fR`, text))),
    ...section('FILES', ...FILES.flatMap(([file, text]) => tagged(`\\fI${roff(file)}\\fR`, text))),
    ...section('EXAMPLES', ...EXAMPLES.flatMap(([cmd, text]) => ['.TP', `\\fB${roff(cmd)}\\fR`, roff(text)])),
    ...section('SEE ALSO', roff('The documentation in the docs/ directory of the package: usage.md, strategies.md, safety.md, config.md, exit-codes.md, metrics.md.')),
  ];
  return `${lines.join('\n')}\n`;
}
