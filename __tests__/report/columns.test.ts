import { Chalk } from 'chalk';
import fc from 'fast-check';
import { planColumns, type ColumnSize } from '../../src/report/columns.js';
import { displayWidth } from '../../src/report/fit.js';
import { renderRows, type Cell } from '../../src/report/render.js';

const box = (n: number): number => 3 * n + 1;
const col = (header: number, content: number, fit?: ColumnSize['fit']): ColumnSize => ({ header, headerWord: header, content, ...(fit ? { fit } : {}) });
const total = (p: { widths: number[]; shown: number[] }): number => p.widths.reduce((a, b) => a + b, 0) + box(p.shown.length);

describe('planColumns', () => {
  it('a table that fits is left as it is', () => {
    const p = planColumns([col(5, 40, { shorten: 'middle' }), col(4, 8)], 100, box);
    expect(p).toEqual({ shown: [0, 1], widths: [40, 8], hidden: [] });
  });

  it('headers wrap first, then shortened columns narrow to what they want, then columns are hidden, lowest rank first', () => {
    const sizes = [
      col(5, 40, { shorten: 'middle', want: 24, min: 11 }),
      { header: 15, headerWord: 5, content: 6 }, // "byte miss ratio" over 0.1234
      col(4, 4, { drop: 2 }),
      col(4, 4, { drop: 1 }),
      col(6, 60, { shorten: 'end', want: 20, min: 8 }),
    ];
    expect(planColumns(sizes, 120, box)).toEqual({ shown: [0, 1, 2, 3, 4], widths: [40, 6, 4, 4, 50], hidden: [] });
    expect(planColumns(sizes, 80, box)).toEqual({ shown: [0, 1, 2, 3, 4], widths: [25, 6, 4, 4, 25], hidden: [] });
    expect(planColumns(sizes, 71, box)).toEqual({ shown: [0, 1, 2, 4], widths: [24, 6, 4, 24], hidden: [3] });
    const narrow = planColumns(sizes, 60, box);
    expect(narrow.hidden).toEqual([2, 3]);
    expect(total(narrow)).toBeLessThanOrEqual(60);
    // nothing left to hide: the shortened columns go below what they want, down to their minimum
    expect(planColumns(sizes, 45, box)).toEqual({ shown: [0, 1, 4], widths: [15, 6, 14], hidden: [2, 3] });
    expect(total(planColumns(sizes, 20, box))).toBeLessThanOrEqual(20);
  });

  it('never wider than the terminal when the columns left can each have one column', () => {
    const size = fc.record({
      header: fc.integer({ min: 1, max: 20 }),
      content: fc.integer({ min: 0, max: 300 }),
      shorten: fc.boolean(),
      drop: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(size, { minLength: 1, maxLength: 9 }), fc.integer({ min: 20, max: 250 }), (specs, width) => {
        const sizes = specs.map((s) => col(s.header, s.content, { ...(s.shorten ? { shorten: 'middle' as const, want: 24, min: 11 } : {}), ...(s.drop ? { drop: s.drop } : {}) }));
        const p = planColumns(sizes, width, box);
        expect([...p.shown, ...p.hidden].sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
        if (box(p.shown.length) + p.shown.length <= width) expect(total(p)).toBeLessThanOrEqual(width);
        // nothing hidden or narrowed when the table fits as it is
        const natural = sizes.reduce((a, s) => a + Math.max(s.header, s.content), 0) + box(sizes.length);
        if (natural <= width) expect(p.hidden).toEqual([]);
      }),
    );
  });
});

describe('renderRows on a terminal of a given width', () => {
  const chalk = new Chalk({ level: 0 });
  const headers: Cell[] = [
    { text: 'entry', fit: { shorten: 'middle', want: 24, min: 11 } },
    { text: 'hits', align: 'right', fit: { drop: 1 } },
    { text: 'reason', fit: { shorten: 'end', want: 20, min: 8 } },
  ];
  const rows: Cell[][] = ['a', 'b'].map((x) => [
    { text: `${x.repeat(40)}_10737418240` },
    { text: '3' },
    { text: `in-use: ${'open by pid 4242 (qemu-kvm); '.repeat(10)}` },
  ]);

  it('fits, says what it shortened and hid, and how to see it all', () => {
    const text = renderRows(headers, rows, 'table', chalk, 50);
    for (const l of text.split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(50);
    expect(text).toContain('aaaaaa…');
    const note = text.split('\n').slice(-2).join(' ').replace(/ +/g, ' ');
    expect(note).toBe('(… marks text shortened to fit 50 columns; hidden: hits; --wide shows everything)');
  });

  it('without a width (--wide), or in plain style, everything in full', () => {
    for (const text of [renderRows(headers, rows, 'table', chalk), renderRows(headers, rows, 'plain', chalk, 50)]) {
      expect(text).toContain(`${'a'.repeat(40)}_10737418240`);
      expect(text).not.toContain('…');
      expect(text).not.toContain('--wide');
    }
  });
});
