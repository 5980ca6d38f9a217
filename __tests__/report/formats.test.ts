import type { Applied } from '../../src/apply/apply.js';
import { csvField } from '../../src/report/csv.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/formats/registry.js';
import { planToHtml } from '../../src/report/html.js';
import { planToJson } from '../../src/report/json.js';
import { MD_KEPT_LIMIT, md } from '../../src/report/markdown.js';
import { UnknownNameError } from '../../src/shared/errors.js';
import { parseCsv } from '../helpers/csv.js';
import { csvText, markdownText } from '../helpers/plan-reports.js';
import { samplePlan } from '../helpers/ops-fixtures.js';

const plan = samplePlan();
const dryExtra = { dryRun: true, exitCode: 5, host: 'node-7', warnings: ['cannot read x/: EACCES'] };
const dry = planToJson(plan, dryExtra);
const applied: Applied = { deleted: ['big-old'], skipped: [], failed: [{ name: 'mid', error: 'EIO: i/o error, "x"' }], freedBytes: 800 * 2 ** 20, interrupted: false };
const doneExtra = { dryRun: false, applied, exitCode: 4, host: 'node-7' };

describe('report formats by extension', () => {
  test.each([
    ['a.json', 'json'],
    ['a.MD', 'md'],
    ['x/y.markdown', 'md'],
    ['a.csv', 'csv'],
    ['a.html', 'html'],
    ['a.htm', 'html'],
  ])('%s -> %s', (f, want) => expect(REPORT_FORMATS.formatOf(f, 'plan').name).toBe(want));

  test.each(['a.txt', 'noext', 'a.pdf'])('%s is an unknown name, listing every extension that would do', (f) => {
    expect(() => REPORT_FORMATS.formatOf(f, 'plan')).toThrow(
      new UnknownNameError('report format', f === 'noext' ? '(no extension)' : f.slice(1), ['.json', '.md', '.markdown', '.csv', '.html', '.htm']),
    );
  });

  test('json is the --json document', () => {
    expect(JSON.parse(renderReport(REPORT_FORMATS.formatOf('a.json', 'plan'), 'plan', dry))).toEqual(JSON.parse(JSON.stringify(dry)));
  });
});

describe('CSV', () => {
  test('fields are quoted only when needed, quotes doubled', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('two\\x0alines'); // the one escape form: a CSV row is one line
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  test('a header and a row per entry that read back to the same values', () => {
    const weird = { ...plan, entries: plan.entries.map((p, i) => (i === 4 ? { ...p, entry: { ...p.entry, name: 'we,ird "name"\nx' } } : p)) };
    const rows = parseCsv(csvText(weird, doneExtra));
    expect(rows[0]).toEqual(expect.arrayContaining(['entry', 'bytes', 'decision', 'reason', 'outcome']));
    expect(rows.length).toBe(1 + plan.entries.length);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    const col = (name: string): number => rows[0]!.indexOf(name);
    expect(rows[5]![col('entry')]).toBe('we,ird "name"\\x0ax');
    expect(rows[1]![col('outcome')]).toBe('deleted');
    expect(rows[2]![col('outcome')]).toBe('failed');
    expect(rows[2]![col('outcome_detail')]).toBe('EIO: i/o error, "x"');
    expect(rows[1]![col('bytes')]).toBe(String(800 * 2 ** 20));
    expect(rows[1]![col('host')]).toBe('node-7');
  });
});

describe('Markdown', () => {
  test('escapes what has a meaning inside a line', () => {
    // The name's backslash shows as escapeName's `\\`, each of its two backslashes escaped for Markdown.
    expect(md('a|b*c_d`e<f>[g]~h&i\\j')).toBe('a\\|b\\*c\\_d\\`e\\<f\\>\\[g\\]\\~h\\&i\\\\\\\\j');
    expect(md('two\nlines')).toBe('two\\\\x0alines'); // escapeName's \x0a, its backslash escaped for Markdown
  });

  test('trigger, before/after, victims with reasons, kept by reason with counts and bytes', () => {
    const text = markdownText(plan, dryExtra);
    expect(text).toMatch(/^# cachesweep plan \(dry run\): \/var\/cache\/demo on node-7\n/);
    expect(text).toContain('- **Trigger**: disk use at least 85% (reached), evict down to 80%; max-age 1d');
    expect(text).toContain('- **Cap**: --max-delete held back 1 entry more, 200.0 MiB');
    expect(text).toContain('- **Shortfall**: 1.0 GiB');
    expect(text).toContain('- **Exit code**: 5 (shortfall: the target could not be met)');
    expect(text).toContain('| disk used | 90.0% | 88.9% |');
    expect(text).toContain('## Would evict: 2 entries, 1.1 GiB');
    expect(text).toContain('| 1 | big-old | file | 800.0 MiB | 3d | 0 | expired: idle 3d, max-age 1d |');
    expect(text).toContain('## Kept: 4 entries, 265.0 MiB');
    expect(text).toContain('| capped | 1 | 200.0 MiB |');
    expect(text).toContain('| protected | 1 | 50.0 MiB |');
    expect(text).toContain('- warning: cannot read x/: EACCES');
    expect(text).not.toContain('## Outcome');
    // every table row has as many cells as its header
    for (const block of text.split('\n\n').filter((b) => b.startsWith('|'))) {
      const widths = block.split('\n').map((l) => l.split(/(?<!\\)\|/).length);
      expect(new Set(widths).size).toBe(1);
    }
  });

  test('kept entries are listed too, each with its reason, not only counted by reason', () => {
    const text = markdownText(plan, dryExtra);
    const kept = text.slice(text.indexOf('## Kept'));
    expect(kept).toContain('Every kept entry:');
    expect(kept).toContain('| entry | class | size | idle | hits | reason |');
    expect(kept).toContain('| capped-one | file | 200.0 MiB | 20h | 0 | capped: --max-delete 2 entries reached |');
    expect(kept).toContain('| keep\\|pipe\\*star\\_\\<b\\> | file | 5.0 MiB | 5h | 0 | target-met |');
    expect(kept).toContain('| golden.keep | file | 50.0 MiB | 16d16h | 0 | protected |');
    expect(kept).not.toContain('big-old');
  });

  test(`past ${MD_KEPT_LIMIT} kept entries: the first ${MD_KEPT_LIMIT}, then how many more and their size`, () => {
    const one = plan.entries.find((p) => p.entry.name === 'golden.keep')!;
    const extra = Array.from({ length: MD_KEPT_LIMIT + 1 }, (_, i) => ({ ...one, entry: { ...one.entry, name: `extra-${String(i).padStart(3, '0')}` } }));
    const text = markdownText({ ...plan, entries: [...plan.entries, ...extra] }, dryExtra);
    const rows = text.slice(text.indexOf('The first')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| entry') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(MD_KEPT_LIMIT);
    expect(text).toContain(`The first ${MD_KEPT_LIMIT} of ${MD_KEPT_LIMIT + 5}:`);
    expect(text).toContain('... and 5 more, 250.0 MiB: the CSV and JSON reports list every entry.');
  });

  test('one is singular: 1 entry, not 1 entries', () => {
    const single = { ...plan, entries: plan.entries.slice(0, 1), summary: { ...plan.summary, evictCount: 1, keepCount: 1 } };
    const text = markdownText(single, dryExtra);
    expect(text).toMatch(/## Would evict: 1 entry, /);
    expect(text).toMatch(/## Kept: 1 entry, /);
    expect(text).not.toMatch(/\b1 entries\b/);
  });

  test('after applying: outcome per victim and a section with failures', () => {
    const text = markdownText(plan, doneExtra);
    expect(text).toMatch(/^# cachesweep clean: /);
    expect(text).toContain('| 2 | mid | file | 300.0 MiB | 1d6h | 0 | over-threshold | failed: EIO: i/o error, "x" |');
    expect(text).toContain('Deleted 1 entry (800.0 MiB freed), skipped 0, failed 1.');
    expect(text).toContain('- failed mid: EIO: i/o error, "x"');
  });
});

describe('HTML', () => {
  const html = planToHtml(dry);

  test('three inline SVG charts and the tables', () => {
    for (const id of ['chart-disk', 'chart-composition', 'chart-scatter']) expect(html).toContain(`<svg id="${id}"`);
    for (const id of ['before-after', 'by-reason', 'victims', 'kept-by-reason', 'entries']) expect(html).toContain(`<table id="${id}"`);
    expect((html.match(/<circle /g) ?? []).length).toBe(plan.entries.length);
  });

  test('self-contained: nothing to load, and a policy that forbids loading', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    for (const u of html.match(/https?:\/\/[^"\s]*/g) ?? []) expect(u).toBe('http://www.w3.org/2000/svg'); // a namespace name, never fetched
  });

  test('entry names are escaped', () => {
    expect(html).toContain('keep|pipe*star_&lt;b&gt;');
    expect(html).not.toContain('<b>');
    const evil = planToHtml({ ...dry, entries: [{ ...dry.entries[0]!, name: '<script>alert(1)</script>"\'' }] });
    expect(evil).not.toContain('<script>');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;');
  });

  test('threshold and target are drawn on the disk chart', () => {
    expect(html).toContain('threshold 85%');
    expect(html).toContain('target 80%');
  });

  test('after applying: outcome section', () => {
    const h = planToHtml(planToJson(plan, doneExtra));
    expect(h).toContain('<table id="outcome"');
    expect(h).toContain('failed');
  });
});
