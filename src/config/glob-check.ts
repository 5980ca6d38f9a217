import picomatch from 'picomatch';

/** How --protect globs are matched: `dot` (`*` matches `.hidden`), `posix` (`[!a]` negates, as in a shell). */
export const PROTECT_GLOB_OPTIONS = { dot: true, posix: true } as const;

/**
 * Is a `--protect` glob well formed? picomatch accepts any string: an unclosed `[`, `{` or `(` is taken as a
 * literal character, so `golden-[0-9*` protects only a name with a `[` in it, which no entry has, and the run
 * deletes what the operator meant to keep. This checks the glob's brackets, braces and parentheses are balanced and
 * every backslash escapes something; a literal `[ ] { } ( ) | "` is written escaped (`\[`); and that picomatch reads
 * the glob as written (it takes some groups literally, and compiles some globs to an expression matching nothing).
 *
 * Returns null for a well-formed glob, else what is wrong with it (one phrase, without the glob).
 */
export function globProblem(glob: string): string | null {
  const problem = structureProblem(glob);
  if (problem !== null) return problem;
  // picomatch also takes some well-formed groups literally: a brace with one alternative (`{a}`), and a +(…) or
  // *(…) it judges prone to catastrophic backtracking (`+(a|a)`). Its regular expression then holds more escaped
  // parentheses or braces than the glob escaped.
  let source: string;
  try {
    // Without debug, picomatch turns a glob it fails to compile into /$^/, which matches nothing (found by the fuzz
    // test: `+(*|\\[a)` escaped to an unterminated character class).
    source = picomatch.makeRe(glob, { ...PROTECT_GLOB_OPTIONS, debug: true }).source;
  } catch (err) {
    return `cannot be compiled by picomatch (${(err as Error).message.replace(/^Invalid regular expression: .*: /, '')})`;
  }
  if (source === '$^') return 'cannot be compiled by picomatch';
  if (escapedCount(source, '(') > escapedCount(glob, '(') || escapedCount(source, '{') > escapedCount(glob, '{')) {
    return 'is taken literally by picomatch (a brace with one alternative, or a +(…)/*(…) whose alternatives overlap); spell the alternatives out';
  }
  return null;
}

/** How many times `ch` appears escaped (`\(`) in a glob or a regular expression's source. */
function escapedCount(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') continue;
    if (s[i + 1] === ch) n++;
    i++;
  }
  return n;
}

function structureProblem(glob: string): string | null {
  const open: { ch: string; at: number }[] = [];
  let escapedAt = -1;
  const after = (i: number, ch: string): boolean => glob[i - 1] === ch && escapedAt !== i - 1;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\') {
      if (i === glob.length - 1) return 'ends with a lone backslash (write \\\\ for a literal backslash)';
      if (glob[i + 1] === '\\' && misreadAfterBackslash(glob, i + 2)) {
        return `has a literal backslash at position ${i + 1} before '${glob[i + 2]}', which picomatch misreads (match the backslash with ? instead)`;
      }
      escapedAt = ++i;
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(glob, i);
      if (typeof end === 'string') return end;
      i = end;
      continue;
    }
    if (c === '"') {
      // picomatch takes `"` as a quote, dropped from the glob, but not when the glob has no other special character:
      // `"a` matched `a` and `x"a"` matched `x"a"`. Escaped, it is always the character itself.
      return `has a '"' at position ${i + 1}, which picomatch takes as a quote (write \\" for a literal '"')`;
    }
    if (c === '?' && (after(i, '(') || (glob[i + 1] !== '(' && (after(i, ')') || glob[i + 1] === ')')))) {
      // picomatch 4 reads `(?`, `)?` and `?)` as regular-expression syntax: `@(?b)`, `@(?(a)|b)` and `+(a|?)` match
      // only themselves, `@(a|b)?` makes the group optional (found by the fuzz test against picomatch).
      return `has a '?' next to a parenthesis at position ${i + 1}, which picomatch does not read as a glob (it would match only itself); spell the alternatives out`;
    }
    if (c === '|' && open[open.length - 1]?.ch !== '(') {
      return `has a '|' outside parentheses at position ${i + 1}, which picomatch takes literally (write @(a|b) for alternatives, or \\| for a literal '|')`;
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

/**
 * picomatch drops or misplaces a literal backslash (`\\\\`) before most punctuation: `\\\\.a` matched `.a`, not
 * `\\.a`, and `\\\\\\|` became the expression `\\|` (a backslash, or anything). Fine before a letter, a digit, `_`, a
 * wildcard or group (`* ? [ { @( !( +(`), an escaped `( ) [ ] { } ! @ , "`, or at the end (found by the fuzz test).
 */
function misreadAfterBackslash(glob: string, at: number): boolean {
  const next = glob[at];
  if (next === undefined || /[\p{L}\p{N}_*?[{@!+]/u.test(next)) return false;
  if (next === '\\') return !'()[]{}!@,"'.includes(glob[at + 1] ?? '');
  return true;
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
