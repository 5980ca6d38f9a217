/**
 * Is a `--protect` glob well formed? picomatch accepts any string: an unclosed `[`, `{` or `(` is taken as a
 * literal character, so `golden-[0-9*` protects only a name with a `[` in it, which no entry has, and the run
 * deletes what the operator meant to keep. This checks the glob's brackets, braces and parentheses are balanced and
 * every backslash escapes something; a literal `[ ] { } ( )` is written escaped (`\[`).
 *
 * Returns null for a well-formed glob, else what is wrong with it (one phrase, without the glob).
 */
export function globProblem(glob: string): string | null {
  const open: { ch: string; at: number }[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      if (i === glob.length - 1) return 'ends with a lone backslash (write \\\\ for a literal backslash)';
      i++;
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(glob, i);
      if (typeof end === 'string') return end;
      i = end;
      continue;
    }
    if (c === '{' || c === '(') {
      open.push({ ch: c, at: i });
      continue;
    }
    if (c === '}' || c === ')' || c === ']') {
      const want = c === '}' ? '{' : '(';
      const top = open.pop();
      if (c === ']' || top === undefined) return `has a '${c}' at position ${i + 1} that closes nothing (write \\${c} for a literal '${c}')`;
      if (top.ch !== want) return `has a '${c}' at position ${i + 1} where the '${top.ch}' at position ${top.at + 1} is still open`;
    }
  }
  const top = open.pop();
  if (top !== undefined) {
    const close = top.ch === '{' ? '}' : ')';
    return `has a '${top.ch}' at position ${top.at + 1} that is never closed with '${close}' (write \\${top.ch} for a literal '${top.ch}')`;
  }
  return null;
}

/** POSIX character classes picomatch knows inside a bracket expression (`[[:digit:]]`). */
const CLASSES = new Set(['alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit']);

/**
 * The index of the `]` closing the bracket expression opening at `start`, or what is wrong with it. A `]` first in
 * the brackets (`[]a]`, `[!]a]`) is refused rather than guessed: shells take it as a literal and picomatch does so
 * only without the negation, so `[!]a]` matched nothing.
 */
function bracketEnd(glob: string, start: number): number | string {
  let i = start + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') return `has an empty bracket expression at position ${start + 1} (write \\] for a literal ']' inside brackets)`;
  for (; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      if (i === glob.length - 1) return 'ends with a lone backslash (write \\\\ for a literal backslash)';
      i++;
    } else if (c === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(':]', i + 2);
      if (close < 0) return `has a '[:' at position ${i + 1} that is never closed with ':]'`;
      const name = glob.slice(i + 2, close);
      if (!CLASSES.has(name)) return `names an unknown character class [:${name}:] at position ${i + 1}`;
      i = close + 1;
    } else if (c === ']') {
      return i;
    }
  }
  return `has a '[' at position ${start + 1} that is never closed with ']' (write \\[ for a literal '[')`;
}
