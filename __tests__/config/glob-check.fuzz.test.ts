/**
 * The --protect glob validator (issue 12, case 8), fuzzed against picomatch itself. The properties:
 *  - a glob drawn from a grammar of well-formed globs (literals, escapes, * ?, bracket expressions with ranges,
 *    negation and POSIX classes, braces and extglobs nested) is accepted, and picomatch matches the name drawn with
 *    it: an accepted glob protects what it says; with +(…) and *(…), which picomatch 4 sometimes takes literally,
 *    an accepted glob still matches its name, and a refused one names picomatch as the reason;
 *  - the same glob with an opener left unclosed, a stray closer or a lone trailing backslash is refused;
 *  - any string: the validator answers (null or a reason), never throws; what it accepts picomatch compiles;
 *  - any name, escaped as the refusal messages advise (`\[`), is accepted and matches that name and no other.
 */
import fc from 'fast-check';
import picomatch from 'picomatch';
import { globProblem } from '../../src/config/glob-check.js';

interface Drawn {
  glob: string;
  name: string;
}

const SAFE = 'abcdefxyz0123456789._-';
const SPECIAL = '[]{}()*?!@+|\\,^$"';
const safeChar = fc.constantFrom(...SAFE);

const literal: fc.Arbitrary<Drawn> = safeChar.map((c) => ({ glob: c, name: c }));
const escaped: fc.Arbitrary<Drawn> = fc.constantFrom(...SPECIAL).map((c) => ({ glob: `\\${c}`, name: c }));
// Not empty: in braces picomatch makes `.*` match at least one character (`a{b,.*}` does not match `a.`).
const star: fc.Arbitrary<Drawn> = fc.stringOf(safeChar, { minLength: 1, maxLength: 4 }).map((t) => ({ glob: '*', name: t }));
const question: fc.Arbitrary<Drawn> = safeChar.map((c) => ({ glob: '?', name: c }));

/** `[abc]`, `[a-f]`, `[!xyz]`, `[[:digit:]x]`, with a member (or, negated, a non-member) as the name. */
const bracket: fc.Arbitrary<Drawn> = fc.oneof(
  fc.tuple(fc.uniqueArray(fc.constantFrom(...'abcdef'), { minLength: 1, maxLength: 4 }), fc.nat()).map(([set, i]) => ({
    glob: `[${set.join('')}]`,
    name: set[i % set.length]!,
  })),
  fc.constantFrom('a', 'c', 'f').map((c) => ({ glob: '[a-f]', name: c })),
  fc.constantFrom('x', 'y', '0').map((c) => ({ glob: '[!a-f]', name: c })),
  fc.constantFrom('0', '7', 'q').map((c) => ({ glob: '[[:digit:]q]', name: c })),
  fc.constantFrom('[', ']').map((c) => ({ glob: '[\\[\\]]', name: c })),
);

/** Globs drawn from a grammar, with a name each matches; `openers` are the groups it may use. */
function grammar(openers: readonly string[]): fc.Arbitrary<Drawn> {
  const { sequence } = fc.letrec<{ sequence: Drawn; token: Drawn; group: Drawn }>((tie) => ({
    sequence: fc
      .array(tie('token'), { minLength: 1, maxLength: 5 })
      .map((ts) => ({ glob: ts.map((t) => t.glob).join(''), name: ts.map((t) => t.name).join('') })),
    token: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, escaped, star, question, bracket, tie('group')),
    group: fc.tuple(fc.constantFrom(...openers), fc.array(tie('sequence'), { minLength: 2, maxLength: 3 }), fc.nat()).map(([open, alts, i]) => {
      const sep = open === '{' ? ',' : '|';
      const close = open === '{' ? '}' : ')';
      return { glob: `${open}${alts.map((a) => a.glob).join(sep)}${close}`, name: alts[i % alts.length]!.name };
    }),
  }));
  // Not starting with `!` (picomatch negates the whole glob then), a name that is an entry's name.
  // `..` in braces is picomatch's range (`{1..3}`); `*` never matches `.` or `..`, which are not entry names.
  // A literal backslash before punctuation is refused (picomatch misreads it; tested below).
  return sequence.filter(
    (d) => !['', '.', '..'].includes(d.name) && !d.glob.startsWith('!') && !d.glob.includes('..') && !/\\\\(?![\w*?[{@!+]|\\[()[\]{}!@,"]|$)/.test(d.glob),
  );
}

/** `?` next to a parenthesis: picomatch reads `(?`, `)?` and `?)` as regular-expression syntax; refused (tested below). */
const questionByParen = (glob: string): boolean => /\(\?|\)\?[^(]|\)\?$|\?\)/.test(glob.replace(/\\./g, 'xx'));

/** Groups picomatch always expands: braces with two or more alternatives, @(…) and ?(…). */
const wellFormed = grammar(['{', '@(', '?(']).filter((d) => !questionByParen(d.glob));
/** With +(…) and *(…) too, some of which picomatch takes literally (its guard against catastrophic backtracking). */
const anyGroups = grammar(['{', '@(', '?(', '+(', '*(']);

const matches = (glob: string, name: string): boolean => picomatch(glob, { dot: true, posix: true })(name);

/** Escape every character a glob gives a meaning to. */
const escapeGlob = (name: string): string => name.replace(/[\\[\]{}()*?!@+|,^$"]/g, (c) => `\\${c}`);

describe('globProblem (fuzz against picomatch)', () => {
  test('a well-formed glob is accepted and matches the name drawn with it', () => {
    fc.assert(
      fc.property(wellFormed, ({ glob, name }) => {
        expect(globProblem(glob)).toBeNull();
        expect(matches(glob, name)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('with +(…) and *(…): what is accepted matches its name; what is refused, picomatch would not read as written', () => {
    fc.assert(
      fc.property(anyGroups, ({ glob, name }) => {
        const problem = globProblem(glob);
        if (problem === null) expect(matches(glob, name)).toBe(true);
        else expect(problem).toMatch(/picomatch/);
      }),
      { numRuns: 400 },
    );
  });

  test('an unclosed opener, a stray closer or a trailing backslash is refused', () => {
    fc.assert(
      fc.property(wellFormed, fc.constantFrom('[', '{', '(', '@(', ']', '}', ')', '\\'), fc.nat(), (d, bad, at) => {
        // Appended: nothing after it can close it. Inserted before a well-formed part: a closer closes nothing.
        expect(globProblem(d.glob + bad)).not.toBeNull();
        if (bad === ')' || bad === '}' || bad === ']') expect(globProblem(bad + d.glob)).not.toBeNull();
        // A group's closer dropped: its opener stays open.
        const groups = [...d.glob.matchAll(/(?<!\\)[})]/g)].map((m) => m.index!);
        if (groups.length > 0) {
          const drop = groups[at % groups.length]!;
          const inBracket = /\[[^\]]*$/.test(d.glob.slice(0, drop).replace(/\\./g, ''));
          if (!inBracket) expect(globProblem(d.glob.slice(0, drop) + d.glob.slice(drop + 1))).not.toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  test('any string: an answer, never an exception; what is accepted compiles', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.stringOf(fc.constantFrom(...`${SPECIAL}:ab`), { minLength: 1, maxLength: 12 })), (s) => {
        const problem = globProblem(s);
        if (problem === null) expect(() => picomatch.makeRe(s, { dot: true, posix: true })).not.toThrow();
        else expect(typeof problem).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  // A backslash before punctuation is the exception: picomatch misreads `\\\\.a` and `\\\\\\|`, so they are refused.
  test('any name, escaped, is accepted and matches exactly that name', () => {
    const name = fc.fullUnicodeString({ minLength: 1, maxLength: 10 }).filter((n) => !n.includes('/') && !/\\[^\p{L}\p{N}_]/u.test(n));
    fc.assert(
      fc.property(name, fc.string({ maxLength: 3 }), (name, other) => {
        const glob = escapeGlob(name);
        expect(globProblem(glob)).toBeNull();
        expect(matches(glob, name)).toBe(true);
        if (other !== '' && other !== name && !other.includes('/')) expect(matches(glob, other)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('globProblem: the cases that protected nothing', () => {
  it.each([
    ['golden-[0-9*', /'\[' at position 8 that is never closed/],
    ['golden-{1,2', /'\{' at position 8 that is never closed with '\}'/],
    ['golden-*)', /'\)' at position 9 that closes nothing/],
    ['golden-\\', /lone backslash/],
    ['a\\\\\\|', /literal backslash at position 2 before/],
    ['\\\\.a', /literal backslash at position 1 before '\.'/],
    ['@(a|b', /'\(' at position 2 that is never closed/],
    ['{a,(b}', /'\}' at position 6 where the '\(' at position 4 is still open/],
    ['[]a]', /empty bracket expression/],
    ['[!]a]', /empty bracket expression/],
    ['[[:alpah:]]', /unknown character class \[:alpah:\]/],
    ['x]', /'\]' at position 2 that closes nothing/],
    ['"a', /'"' at position 1, which picomatch takes as a quote/],
    ['@(?(a)|b)', /'\?' next to a parenthesis at position 3/],
    ['@(a|b)?', /'\?' next to a parenthesis at position 7/],
    ['+(a|?)', /'\?' next to a parenthesis at position 5/],
  ])('%s', (glob, why) => {
    expect(globProblem(glob)).toMatch(why);
  });

  it.each(['golden-*', '*.{qcow2,raw}', '@(a|b)-[0-9]*', '[[:digit:]]*', 'a\\[1\\]', '**', '!(tmp)*', '[\\]]'])('accepts %s', (glob) => {
    expect(globProblem(glob)).toBeNull();
  });
});
