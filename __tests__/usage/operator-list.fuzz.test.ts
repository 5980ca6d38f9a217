/**
 * Fuzzing the operator's in-use list (--in-use-from). The properties:
 *  - any text: a list of trimmed, non-empty values with their line numbers, or a UsageError naming the line;
 *  - every line that names an entry (by name, `name/`, `./name`, an absolute path, through a symlinked root, inside a
 *    directory entry; with any blanks, comments, CRLF, a byte order mark) marks that entry in use, at the collect and
 *    at the re-check, and no entry that is not named is marked;
 *  - a file that is not a text list (NUL bytes, not UTF-8) is a usage error before anything is decided, never an
 *    empty list.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { UsageError } from '../../src/shared/errors.js';
import { scan } from '../../src/scan/scan.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { OperatorListProvider, parseInUseList } from '../../src/usage/operator-list.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

describe('parseInUseList (fuzz)', () => {
  test('any text: trimmed non-empty values on increasing lines, or a UsageError naming the line', () => {
    const arbText = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.fullUnicodeString({ maxLength: 100 }),
      fc.array(fc.constantFrom('abc', '#', ' ', '\t', '\r', '\n', '\r\n', '\uFEFF', '/x', '\u0000', '\uFFFD', 'é'), { maxLength: 40 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(arbText, (text) => {
        let items;
        try {
          items = parseInUseList(text, 'L');
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message).toMatch(/^--in-use-from: L line \d+ is not text/);
          expect(text).toMatch(/[\u0000\uFFFD]/);
          return;
        }
        const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
        let prev = 0;
        for (const it of items) {
          expect(it.line).toBeGreaterThan(prev);
          prev = it.line;
          expect(it.value).toBe(it.value.trim());
          expect(it.value).not.toBe('');
          expect(it.value).not.toMatch(/(^|\s)#/);
          expect(lines[it.line - 1]).toContain(it.value);
        }
        // Every line with something before its comment gives an item.
        const named = lines.filter((l) => l.replace(/(^|\s)#[\s\S]*$/, '').trim() !== '').length;
        expect(items.length).toBe(named);
      }),
      { numRuns: 3000 },
    );
  });
});

// Entry names as caches have them: hashes, dots, dashes, underscores, spaces inside, a '#' that does not start a
// comment, non-ASCII. Names with blanks at either end, or a '#' after a blank, cannot be written as a list line by
// name (the line would be read as something else); they are named by absolute path in the list only.
const arbName = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{8,40}$/),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._#-]{0,15}$/),
  fc.stringMatching(/^[a-z]{1,6} [a-z]{1,6}$/),
  fc.constantFrom('café', 'образ', 'x.part', '_base', '-dash'),
);

const FORMS = ['name', 'name/', './name', 'abs', 'abs-dotted', 'abs-double-slash', 'via-symlink', 'inside-dir'] as const;
type Form = (typeof FORMS)[number];

describe('OperatorListProvider on random lists (fuzz)', () => {
  let n = 0;

  test('every entry a line names is in use (collect and re-check); no other entry is', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbName, { minLength: 1, maxLength: 8, selector: (s) => s.toLowerCase() }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(
          fc.record({
            form: fc.constantFrom(...FORMS),
            lead: fc.constantFrom('', ' ', '\t', '  \t'),
            trail: fc.constantFrom('', ' ', '\t', ' # needed by the gold pool', '\t#x', ' #'),
          }),
          { minLength: 8, maxLength: 8 },
        ),
        fc.record({ eol: fc.constantFrom('\n', '\r\n', '\r'), bom: fc.boolean(), comments: fc.boolean(), finalNewline: fc.boolean() }),
        (names, pick, forms, style) => {
          const top = tempDir('cachesweep-oplist-');
          const root = path.join(top, 'cache');
          fs.mkdirSync(root);
          fs.symlinkSync(root, path.join(top, 'link'));
          names.forEach((name, i) => {
            if (i % 3 === 2) {
              fs.mkdirSync(path.join(root, name));
              fs.writeFileSync(path.join(root, name, 'inner'), 'x');
            } else fs.writeFileSync(path.join(root, name), name);
          });
          const listed = new Set<string>();
          const lines: string[] = style.comments ? ['# in use, do not remove', ''] : [];
          pick.forEach((p, i) => {
            const name = names[p % names.length]!;
            const isDir = names.indexOf(name) % 3 === 2;
            let form: Form = forms[i]!.form;
            if (form === 'inside-dir' && !isDir) form = 'abs';
            // A name ending in blanks or holding ' #' cannot be written by name (see arbName): use its path.
            const spelled: Record<Form, string> = {
              name,
              'name/': `${name}/`,
              './name': `./${name}`,
              abs: path.join(root, name),
              'abs-dotted': `${root}/./${name}`,
              'abs-double-slash': `${root}//${name}`,
              'via-symlink': path.join(top, 'link', name),
              'inside-dir': path.join(root, name, 'inner'),
            };
            lines.push(`${forms[i]!.lead}${spelled[form]}${forms[i]!.trail}`);
            listed.add(name);
          });
          let text = lines.join(style.eol) + (style.finalNewline ? style.eol : '');
          if (style.bom) text = `\uFEFF${text}`;
          const list = path.join(top, `list-${n++}.txt`);
          fs.writeFileSync(list, text);

          const entries = scan(root, { layout: 'generic' }).entries;
          const warnings: string[] = [];
          const p = new OperatorListProvider({ root, files: [list], warn: (w) => warnings.push(w) });
          const usage = mergeUsage(entries, p.collect(entries));
          for (const e of entries) {
            const inUse = usage.get(e.name)!.inUse.length > 0;
            expect({ name: e.name, inUse }).toEqual({ name: e.name, inUse: listed.has(e.name) });
            expect(p.recheck(e).length > 0).toBe(listed.has(e.name));
          }
          expect(warnings).toEqual([]);
          fs.rmSync(top, { recursive: true, force: true });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a list that is not text is a usage error (it keeps everything), never an empty list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 5 }),
        fc.constantFrom(Buffer.from([0]), Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from([0x80, 0x41])),
        fc.nat(),
        (lines, bad, at) => {
          const top = tempDir('cachesweep-oplist-');
          const body = Buffer.from(lines.join('\n'));
          const cut = body.length === 0 ? 0 : at % (body.length + 1);
          const list = path.join(top, 'list.txt');
          fs.writeFileSync(list, Buffer.concat([body.subarray(0, cut), bad, body.subarray(cut)]));
          expect(() => new OperatorListProvider({ root: top, files: [list], warn: () => undefined })).toThrow(UsageError);
          fs.rmSync(top, { recursive: true, force: true });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('regressions found by fuzzing', () => {
  test('a comment ended by a lone CR is a comment; CR-only line ends separate lines', () => {
    expect(parseInUseList('#\r')).toEqual([]);
    expect(parseInUseList('abc\rdef # x\u2028y\r')).toEqual([
      { line: 1, value: 'abc' },
      { line: 2, value: 'def' },
    ]);
  });

  test('./name names the entry (it was a warning, and the entry was not protected)', () => {
    const root = tempDir('cachesweep-oplist-');
    fs.writeFileSync(path.join(root, 'abc'), 'x');
    const list = path.join(tempDir('cachesweep-oplist-'), 'l');
    fs.writeFileSync(list, './abc\n');
    const entries = scan(root, { layout: 'generic' }).entries;
    const p = new OperatorListProvider({ root, files: [list], warn: () => undefined });
    expect(mergeUsage(entries, p.collect(entries)).get('abc')!.inUse).toEqual([`listed in ${list}`]);
  });

  test('a list in Latin-1 is refused (it was read with U+FFFD in the names, which matched nothing)', () => {
    const root = tempDir('cachesweep-oplist-');
    const list = path.join(tempDir('cachesweep-oplist-'), 'l');
    fs.writeFileSync(list, Buffer.from('caf\xe9\n', 'latin1'));
    expect(() => new OperatorListProvider({ root, files: [list], warn: () => undefined })).toThrow(/line 1 is not text/);
  });
});
