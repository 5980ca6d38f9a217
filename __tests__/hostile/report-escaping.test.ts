/**
 * Issue 12, case 17, through the built binary on real files with hostile names: the CSV reports (plan and
 * `report merge`) wrote `=1+2`, `+SUM(1)`, `@x`, `=cmd|" -C calc"!A0` raw, for a spreadsheet to evaluate; the
 * Markdown and HTML reports carried raw ESC and BEL bytes and U+202E (right-to-left override) from names. Now a
 * formula cell starts with `'`, and every report a person reads shows those characters in one escape form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../e2e/browser.js';
import { ago, tempDir, writeFile } from '../helpers/cache.js';
import { assertBuilt, describeRun, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';
import { parseCsv } from '../helpers/csv.js';

const ESC = '\x1b';
const BEL = '\x07';
const RLO = '\u202e';
const FORMULAS = ['=1+2', '+SUM(1)', '@x', '=cmd|" -C calc"!A0', '-2+3'];
const CONTROLS = [`clear${ESC}[2J${ESC}]0;owned${BEL}.img`, `evil${RLO}gpj.exe`];
/** CONTROLS as every output shows them. */
const SHOWN = ['clear\\x1b[2J\\x1b]0;owned\\x07.img', 'evil\\u{202E}gpj.exe'];
/** Never raw in what a person reads (a report's own line feeds aside). */
const HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const base = tempDir('cachesweep-hostile-names-');
const root = path.join(base, 'cache');
const out = path.join(base, 'out');
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeAll(() => {
  assertBuilt();
  fs.mkdirSync(root);
  fs.mkdirSync(out);
  for (const name of [...FORMULAS, ...CONTROLS, 'plain.img']) writeFile(path.join(root, name), 4096, { mtimeMs: ago(3 * DAY) });
});

const read = (f: string): string => fs.readFileSync(path.join(out, f), 'utf8');

describe('hostile names in reports (hostile case 17)', () => {
  let table: string;
  let plain: string;
  beforeAll(async () => {
    const reports = ['plan.csv', 'plan.md', 'plan.html', 'plan.json'].flatMap((f) => ['--report', path.join(out, f)]);
    const r = await runCli(['plan', root, '--max-age', '1d', '--format', 'table', ...reports]);
    if (r.code !== 0) throw new Error(describeRun(r));
    table = r.stdout;
    plain = (await runCli(['plan', root, '--max-age', '1d'])).stdout;
    // a node whose host name a spreadsheet would evaluate
    const node = JSON.parse(read('plan.json')) as Record<string, unknown>;
    fs.writeFileSync(path.join(out, 'node.json'), JSON.stringify({ ...node, host: '+cmd|" /C calc"!A0' }));
    const merged = await runCli(['report', 'merge', path.join(out, 'node.json'), '--report', path.join(out, 'fleet.csv'), '--report', path.join(out, 'fleet.md'), '--report', path.join(out, 'fleet.html')], { stateDir: false });
    if (merged.code !== 0) throw new Error(describeRun(merged));
  });

  it('plan CSV: every formula is text, with a leading quote mark; the other names in the one escape form', () => {
    const rows = parseCsv(read('plan.csv'));
    const names = rows.slice(1).map((r) => r[rows[0]!.indexOf('entry')]!);
    expect(names.sort()).toEqual([...FORMULAS.map((f) => `'${f}`), ...SHOWN, 'plain.img'].sort());
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('fleet CSV (report merge): the node and file cells too', () => {
    const rows = parseCsv(read('fleet.csv'));
    expect(rows).toHaveLength(2);
    expect(rows[1]![rows[0]!.indexOf('node')]).toBe(`'+cmd|" /C calc"!A0`);
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('Markdown, HTML and both terminal styles carry no raw control or bidirectional character', () => {
    for (const [what, text] of [['plan.md', read('plan.md')], ['plan.html', read('plan.html')], ['fleet.md', read('fleet.md')], ['fleet.html', read('fleet.html')], ['table', table], ['plain', plain]]) {
      expect({ what, hidden: HIDDEN.exec(text!)?.[0] ?? null }).toEqual({ what, hidden: null });
    }
    expect(read('plan.md')).toContain('evil\\\\u{202E}gpj.exe'); // the Markdown source of evil\u{202E}gpj.exe
    expect(read('plan.html')).toContain('evil\\u{202E}gpj.exe');
    for (const text of [table, plain]) {
      expect(text).toContain('evil\\u{202E}gpj.exe');
      expect(text).toContain('clear\\x1b[2J\\x1b]0;owned\\x07.img');
    }
  });

  it('stderr too: a warning quoting a name, an error quoting a value, in the same escape form', async () => {
    const list = path.join(base, 'in-use.txt');
    fs.writeFileSync(list, `gone${ESC}[2J${RLO}.img\n`);
    const warned = await runCli(['plan', root, '--in-use-from', list, '--json']);
    const refused = await runCli(['plan', root, '--threshold', `8${ESC}]0;x${BEL}5%`]);
    for (const r of [warned, refused]) expect({ hidden: HIDDEN.exec(r.stderr)?.[0] ?? null, run: describeRun(r) }).toEqual({ hidden: null, run: describeRun(r) });
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining("'8\\x1b]0;x\\x075%'") });
    expect(warned.stderr).toContain('gone\\x1b[2J\\u{202E}.img');
  });

  it('the JSON has the names in the one escape form too (what pin and touch accept back; issue 12, case 14)', () => {
    const doc = JSON.parse(read('plan.json')) as { entries: { name: string }[] };
    expect(doc.entries.map((e) => e.name).sort()).toEqual([...FORMULAS, ...SHOWN, 'plain.img'].sort());
  });

  it('in a browser the page reads the escape form, not a reordered name', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(path.join(out, 'plan.html')).href, { waitUntil: 'load' });
      const names = await page.$$eval('#entries td.name', (tds) => tds.map((td) => td.textContent ?? ''));
      expect(names).toContain('evil\\u{202E}gpj.exe');
      expect(names).toContain('clear\\x1b[2J\\x1b]0;owned\\x07.img');
      expect(names.join('')).not.toMatch(HIDDEN);
    } finally {
      await browser.close();
    }
  });
});
