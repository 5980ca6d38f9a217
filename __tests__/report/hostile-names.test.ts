import { Chalk } from 'chalk';
import fc from 'fast-check';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { csvField } from '../../src/report/csv.js';
import { mergeFleet } from '../../src/report/fleet.js';
import { fleetToCsv, fleetToMarkdown } from '../../src/report/fleet-text.js';
import { fleetToHtml } from '../../src/report/fleet-html.js';
import { esc } from '../../src/report/html-charts.js';
import { planToHtml } from '../../src/report/html.js';
import { planToJson } from '../../src/report/json.js';
import { md } from '../../src/report/markdown.js';
import { planTable } from '../../src/report/text.js';
import { escapeName, escapeText, unescapeName } from '../../src/shared/escape.js';
import { decodeName, nameBytes } from '../../src/shared/names.js';
import { parseCsv } from '../helpers/csv.js';
import { csvText, markdownText } from '../helpers/plan-reports.js';
import { makeEntry, makeInput } from '../helpers/fixtures.js';
import { DAY } from '../helpers/units.js';

const ESC = '\x1b';
const BEL = '\x07';
const RLO = '\u202e';
/** What must never reach a reader raw: C0, DEL, C1, the bidirectional marks, embeddings, overrides and isolates. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same, less the line feed that ends the lines of a whole report. */
const HIDDEN_IN_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Characters near every range that matters (and the backslash, x and u of the escape form itself). */
const CHAR = fc.oneof(fc.integer({ min: 0, max: 0x2100 }).map((c) => String.fromCharCode(c)), fc.constantFrom('\\', 'x', 'u', '{', '\u{1F600}'));
const FORMULAS = ['=1+2', '+SUM(1)', '-2+3', '@x', '=cmd|" -C calc"!A0', '\t=1+2', '\r=1+2', '\uff1d1+2'];

describe('escapeName: the one escape form of what a person reads', () => {
  test('C0 controls and DEL as \\xHH, C1 controls, bidirectional and line separators as \\u{HHHH}', () => {
    expect(escapeName(`a${ESC}[2Jb${BEL}c\nd\x7f\x9b`)).toBe('a\\x1b[2Jb\\x07c\\x0ad\\x7f\\u{9B}');
    expect(escapeName(`evil${RLO}gpj.exe`)).toBe('evil\\u{202E}gpj.exe');
    expect(escapeName('\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u061c\u2028\u2029')).toBe(
      '\\u{200E}\\u{200F}\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{61C}\\u{2028}\\u{2029}',
    );
  });

  test('other text as it is: letters of any script, emoji, joiners; a backslash doubled', () => {
    for (const s of ['ünïcode-ok_1.img', 'образ.qcow2', 'صورة.img', '镜像', '👩‍💻.img', 'x\u00a0y']) expect(escapeName(s)).toBe(s);
    expect(escapeName('a\\b')).toBe('a\\\\b');
  });

  test('bytes that are not UTF-8 as \\xHH, each one: names differing only there stay apart', () => {
    const ff = decodeName(Buffer.from([0x61, 0xff, 0xfe]));
    const fe = decodeName(Buffer.from([0x61, 0xfe, 0xff]));
    expect([escapeName(ff), escapeName(fe)]).toEqual(['a\\xff\\xfe', 'a\\xfe\\xff']);
    expect(escapeName(decodeName(Buffer.from('\\xff')))).toBe('\\\\xff'); // the four characters, not the byte
    expect(escapeName(decodeName(Buffer.from([0xc2, 0x9b])))).toBe('\\u{9B}'); // the C1 character, not the byte 0x9B
    expect(escapeName(decodeName(Buffer.from([0x9b])))).toBe('\\x9b');
  });

  test('nothing hidden is left, and the escape form reads back as the exact name (so no two names look alike)', () => {
    fc.assert(
      fc.property(fc.string({ unit: CHAR, maxLength: 40 }), (s) => {
        const once = escapeName(s);
        return !HIDDEN.test(once) && unescapeName(once) === s;
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (raw) => {
        const bytes = Buffer.from(raw);
        const name = decodeName(bytes);
        return nameBytes(name).equals(bytes) && nameBytes(unescapeName(escapeName(name))).equals(bytes) && !HIDDEN.test(escapeName(name));
      }),
    );
  });
});

describe('escapeText: the same escapes on stderr, backslashes kept', () => {
  test('quotes what was typed as it was typed, and escapes what would act on the terminal', () => {
    expect(escapeText("--protect: 'golden-\\' ends with a lone backslash (write \\\\ for a literal backslash)")).toBe(
      "--protect: 'golden-\\' ends with a lone backslash (write \\\\ for a literal backslash)",
    );
    expect(escapeText(`gone${ESC}[2J${RLO}${decodeName(Buffer.from([0xff]))}`)).toBe('gone\\x1b[2J\\u{202E}\\xff');
  });

  test('nothing hidden is left, and a line escaped twice is the line escaped once', () => {
    fc.assert(
      fc.property(fc.string({ unit: CHAR, maxLength: 40 }), (s) => {
        const once = escapeText(s);
        return !HIDDEN.test(once) && escapeText(once) === once;
      }),
    );
  });
});

describe('CSV: a spreadsheet evaluates nothing from a name (OWASP)', () => {
  test.each(FORMULAS.filter((f) => !/^[\t\r]/.test(f)))('%j gets a leading quote mark, is quoted, and reads back as itself after it', (name) => {
    const cell = csvField(name);
    expect(cell.startsWith(`"'`)).toBe(true);
    expect(parseCsv(`${cell}\r\n`)).toEqual([[`'${name}`]]);
  });

  test.each(['\t=1+2', '\r=1+2'])('%j starts with its escape (a tab or carriage return is \\xHH in every output), which no spreadsheet evaluates', (name) => {
    expect(csvField(name)).toBe(escapeName(name));
    expect(csvField(name)).toMatch(/^\\x0[9d]=1\+2$/);
  });

  test('numbers stay numbers; a separator a spreadsheet may guess (; or tab) is quoted or escaped', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(12)).toBe('12');
    expect(csvField(true)).toBe('true');
    expect(csvField('x;=1+2')).toBe('"x;=1+2"');
    expect(csvField('a\tb')).toBe('a\\x09b');
    expect(csvField('plain-name_1.img')).toBe('plain-name_1.img');
  });

  test('plan and fleet CSV: every cell starting like a formula is neutralised', () => {
    const entries = FORMULAS.map((n) => makeEntry(n, { idleMs: 3 * DAY }));
    const plan = buildPlan(makeInput(entries), planOptionsFrom({}));
    const doc = planToJson(plan, { dryRun: true, host: '=HOST()' });
    const rows = parseCsv(csvText(plan, { dryRun: true, host: '=HOST()' }));
    const cells = rows.slice(1).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r\uff1d]/.test(c))).toEqual([]);
    expect(rows.slice(1).map((r) => r[rows[0]!.indexOf('entry')]).sort()).toEqual(FORMULAS.map((n) => (/^[\t\r]/.test(n) ? escapeName(n) : `'${n}`)).sort());
    const fleet = mergeFleet([{ file: '@evil.json', doc, fallbackName: '+node' }], 0);
    const fleetCells = parseCsv(fleetToCsv(fleet)).slice(1).flat();
    expect(fleetCells).toContain("'=HOST()");
    expect(fleetCells).toContain("'@evil.json");
    expect(fleetCells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});

describe('Markdown, HTML and the terminal table show hidden characters escaped', () => {
  const hostile = [`esc${ESC}[2J`, `bel${BEL}`, `evil${RLO}gpj.exe`, `nl\nfake | row`];
  const plan = buildPlan(makeInput(hostile.map((n) => makeEntry(n, { idleMs: 3 * DAY }))), planOptionsFrom({}));
  const extra = {
    dryRun: false,
    host: `h${RLO}`,
    applied: { deleted: [], skipped: [{ name: hostile[0]!, why: `changed${BEL}` }], failed: [{ name: hostile[2]!, error: `EIO ${ESC}[0m` }], freedBytes: 0, interrupted: false },
    warnings: [`cannot read ${hostile[1]}`],
  };
  const doc = planToJson(plan, extra);
  const fleet = mergeFleet([{ file: 'x.json', doc, fallbackName: 'x' }], 0);

  const names = [/evil\\+u\{202E\}gpj\.exe/, /esc\\+x1b\\?\[2J/, /bel\\+x07/];
  const host = [/h\\+u\{202E\}/];
  test.each([
    ['plan Markdown', markdownText(plan, extra), [...names, ...host]],
    ['plan HTML', planToHtml(doc), [...names, ...host]],
    ['fleet Markdown', fleetToMarkdown(fleet), host],
    ['fleet HTML', fleetToHtml(fleet), host],
    ['plain table', planTable(plan, 'plain', new Chalk({ level: 0 })), names],
    ['bordered table', planTable(plan, 'table', new Chalk({ level: 0 })), names],
  ])('%s', (_, text, shown) => {
    expect(text).not.toMatch(HIDDEN_IN_TEXT);
    for (const re of shown) expect(text).toMatch(re);
  });

  test('the escape reads the same in every one: Markdown backslash-escaped, HTML as text', () => {
    expect(md(`evil${RLO}gpj`)).toBe('evil\\\\u{202E}gpj');
    expect(esc(`evil${RLO}<b>${BEL}`)).toBe('evil\\u{202E}&lt;b&gt;\\x07');
    expect(planTable(plan, 'plain', new Chalk({ level: 0 }))).toContain('evil\\u{202E}gpj.exe');
  });

  test('a line break in a name cannot add a row to a Markdown table', () => {
    const text = markdownText(plan, extra);
    expect(text).toContain('nl\\\\x0afake \\| row');
    for (const block of text.split('\n\n').filter((b) => b.startsWith('|'))) {
      const widths = block.split('\n').map((l) => l.split(/(?<!\\)\|/).length);
      expect(new Set(widths).size).toBe(1);
    }
  });
});
