/** yargs' wording, in terms an operator acts on. */
export function rewordYargsMessage(msg: string, argv: readonly string[] = []): string {
  const noValue = /^Not enough arguments following: (.+)$/.exec(msg.trim());
  if (noValue) return `--${noValue[1]}: missing its value (see --help)`;
  if (/^Not enough non-option arguments/.test(msg)) return 'missing the cache directory (e.g. cachesweep plan /var/lib/nova/instances/_base; see --help)';
  const unknown = /^Unknown arguments?: (.*)$/s.exec(msg.trim());
  if (unknown) {
    const names = unknown[1]!.split(', ').filter((n, _i, all) => !(/[A-Z]/.test(n) && all.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))));
    const shown = names.map((n) => (argv.includes(n) ? `'${n}'` : n.length > 1 ? `--${n}` : `-${n}`));
    return `unknown ${names.length > 1 ? 'arguments' : 'argument'} ${shown.join(', ')} (see --help)`;
  }
  return msg;
}

