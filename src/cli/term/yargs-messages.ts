import { nearestName } from '../../shared/nearest.js';

/** `"bash", "zsh"` (yargs' stringified values) -> ['bash', 'zsh'] */
const values = (s: string): string[] => [...s.matchAll(/"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g)].map((m) => (m[1] ?? m[2]!).trim());

/** `-x`, `--max-age` or `'word'`, as the user typed it. */
function shown(name: string, argv: readonly string[]): string {
  if (argv.includes(name)) return `'${name}'`;
  if (argv.includes(`--no-${name}`)) return `--no-${name}`; // yargs names --no-such 'such'
  return name.length > 1 ? `--${name}` : `-${name}`;
}

/** `Invalid values:\n  Argument: shell, Given: "ksh", Choices: "bash", "zsh", "fish"`, one line per argument. */
function invalidValues(msg: string, argv: readonly string[]): string | undefined {
  const m = /Argument: ([^,]+), Given: (.*), Choices: (.*)$/m.exec(msg);
  if (!m) return undefined;
  const [given] = values(m[2]!);
  const choices = values(m[3]!);
  const near = nearestName(given ?? '', choices);
  const guess = near === undefined ? '' : `: did you mean '${near}'?`;
  const flag = argv.some((a) => a === `--${m[1]}` || a.startsWith(`--${m[1]}=`));
  const what = flag ? `--${m[1]}: unknown value` : `${argv[0] ?? ''}: unknown ${m[1]}`;
  return `${what} '${given}'${guess} (choose ${choices.join(', ')})`;
}

/**
 * yargs' messages, in the house style: what is wrong, named as the user typed it, and what to do, on one line.
 * Every message yargs' validation can give is covered (__tests__/cli/term/yargs-messages.test.ts lists them).
 */
export function rewordYargsMessage(msg: string, argv: readonly string[] = []): string {
  const text = msg.trim();
  const noValue = /^Not enough arguments following: (.+)$/.exec(text);
  if (noValue) return `--${noValue[1]}: missing its value (see --help)`;
  const few = /^Not enough non-option arguments: got (\d+)/.exec(text);
  if (few) {
    return few[1] === '0' || !argv.some((a) => ['touch', 'pin', 'unpin'].includes(a))
      ? 'missing the cache directory (e.g. cachesweep plan /var/lib/nova/instances/_base; see --help)'
      : 'missing the entry names after the cache directory (e.g. cachesweep pin /srv/cache golden.qcow2; see --help)';
  }
  const many = /^Too many non-option arguments: got \d+, maximum of (\d+)/.exec(text);
  if (many) return `too many arguments: at most ${many[1]} besides the flags (see --help)`;
  const unknown = /^Unknown (arguments?|commands?): (.*)$/s.exec(text);
  if (unknown) {
    const names = unknown[2]!.split(', ').filter((n, _i, all) => !(/[A-Z]/.test(n) && all.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))));
    const kind = unknown[1]!.startsWith('command') ? 'command' : 'argument';
    return `unknown ${kind}${names.length > 1 ? 's' : ''} ${names.map((n) => shown(n, argv)).join(', ')} (see --help)`;
  }
  if (text.startsWith('Invalid values:')) return invalidValues(text, argv) ?? text;
  const required = /^Missing required arguments?: (.*)$/.exec(text);
  if (required) return `missing ${required[1]!.split(', ').join(', ')} (see --help)`;
  const exclusive = /^Arguments (\S+) and (\S+) are mutually exclusive$/.exec(text);
  if (exclusive) return `--${exclusive[1]} and --${exclusive[2]} cannot be given together`;
  const implied = /^Implications failed:\s*(\S+) -> (\S+)/.exec(text);
  if (implied) return `--${implied[1]} needs --${implied[2]}`;
  const meant = /^Did you mean (.*)\?$/.exec(text);
  if (meant) return `unknown command: did you mean '${meant[1]}'? (see --help)`;
  return text;
}
