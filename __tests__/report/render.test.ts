import { Chalk } from 'chalk';
import type { Applied } from '../../src/apply/apply.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { renderRows, type Cell } from '../../src/report/render.js';
import { escapeName } from '../../src/shared/escape.js';
import { appliedText, planTable } from '../../src/report/text.js';
import { makeEntry, makeInput } from '../helpers/fixtures.js';
import { DAY } from '../helpers/units.js';

const ESC = '\x1b';
const headers: Cell[] = [{ text: 'name' }, { text: 'size', align: 'right' }, { text: 'note' }];
const rows: Cell[][] = [
  [{ text: 'a' }, { text: '1.0 KiB' }, { text: 'x', color: (c) => c.red }],
  [{ text: 'longer-name' }, { text: '10.0 GiB' }, { text: '' }],
];

describe('renderRows', () => {
  it('plain: upper-case headers, columns two blanks apart, right-aligned where asked', () => {
    expect(renderRows(headers, rows, 'plain', new Chalk({ level: 3 })).split('\n')).toEqual([
      'NAME             SIZE  NOTE',
      'a             1.0 KiB  x',
      'longer-name  10.0 GiB',
    ]);
  });

  it('plain: 300,000 rows (more than a call takes arguments) are aligned like three', () => {
    const many = Array.from({ length: 300_000 }, (_, i): Cell[] => [{ text: i === 299_999 ? 'the-longest-name' : 'a' }, { text: '1 B' }, { text: '' }]);
    const lines = renderRows(headers, many, 'plain', new Chalk({ level: 0 })).split('\n');
    expect(lines).toHaveLength(300_001);
    expect(lines[0]).toBe('NAME              SIZE  NOTE');
    expect(lines[300_000]).toBe('the-longest-name   1 B');
  });

  it('table: colours cells only when the colour level is above 0', () => {
    expect(renderRows(headers, rows, 'table', new Chalk({ level: 1 }))).toContain(`${ESC}[31mx${ESC}[39m`);
    expect(renderRows(headers, rows, 'table', new Chalk({ level: 0 }))).not.toContain(ESC);
  });
});

describe('control characters in names', () => {
  it('escapeName shows them as \\xNN and leaves other text alone', () => {
    expect(escapeName(`evil${ESC}[2J\nname\t\u009b`)).toBe('evil\\x1b[2J\\x0aname\\x09\\u{9B}');
    expect(escapeName('ünïcode-ok_1.img')).toBe('ünïcode-ok_1.img');
  });

  it('a file name cannot drive the terminal or break the lines of a plan', () => {
    const entries = [makeEntry(`evil${ESC}]0;pwned\x07\nfake line`, { idleMs: 3 * DAY }), makeEntry('plain', { idleMs: 3 * DAY })];
    const plan = buildPlan(makeInput(entries), planOptionsFrom({}));
    for (const style of ['plain', 'table'] as const) {
      const text = planTable(plan, style, new Chalk({ level: 0 }));
      expect(text).not.toContain(ESC);
      expect(text).not.toContain('\x07');
      expect(text).toContain('evil\\x1b]0;pwned\\x07\\x0afake line');
    }
    expect(planTable(plan, 'plain', new Chalk({ level: 0 })).split('\n')).toHaveLength(3);
  });

  it('nor through what applying reports', () => {
    const a: Applied = {
      deleted: [],
      skipped: [{ name: `x${ESC}[1m`, why: 'changed' }],
      failed: [{ name: 'y\nz', error: `EIO${ESC}[0m` }],
      freedBytes: 0,
      interrupted: false,
    };
    const text = appliedText(a);
    expect(text).not.toContain(ESC);
    expect(text.split('\n')).toEqual(['deleted 0 entries, 0 B; skipped 1; failed 1', 'skipped x\\x1b[1m: changed', 'failed y\\x0az: EIO\\x1b[0m']);
  });
});
