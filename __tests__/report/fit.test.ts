import fc from 'fast-check';
import { displayWidth, ellipsizeEnd, ellipsizeMiddle, wrapWords } from '../../src/report/fit.js';
import { shortenDistinct } from '../../src/report/shorten.js';

const SHA = '136571b41aa14adc10c5f3c987d43c02c8f5d498';
const hex40 = fc.stringMatching(/^[0-9a-f]{40}$/);
/** Text as names come: ASCII, accents, CJK (two columns each), emoji. */
const anyText = fc.array(fc.constantFrom('a', 'Z', '9', '-', '.', '_', ' ', 'é', '日', '本', '🙂', 'e\u0301'), { maxLength: 60 }).map((a) => a.join(''));

describe('ellipsis', () => {
  it('end: the start kept; middle: both ends kept, the end getting the odd column', () => {
    expect(ellipsizeEnd('expired: idle 3d, max-age 1d', 12)).toBe('expired: id…');
    expect(ellipsizeMiddle(SHA, 13)).toBe('136571…f5d498');
    expect(ellipsizeMiddle(`${SHA}_10737418240`, 21)).toBe('136571b41a…0737418240');
    expect(ellipsizeMiddle(SHA, 40)).toBe(SHA);
    expect(ellipsizeMiddle('abcdef', 1)).toBe('…');
  });

  it('measures terminal columns: a CJK character takes two, and is never cut in half', () => {
    expect(displayWidth('日本語.dat')).toBe(10);
    expect(ellipsizeEnd('日本語のファイル.dat', 6)).toBe('日本…');
    expect(ellipsizeEnd('日本語のファイル.dat', 7)).toBe('日本語…');
    expect(ellipsizeMiddle('日本語のファイル.dat', 9)).toBe('日本….dat');
  });

  it('never wider than asked, and unchanged when it fits', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 80 }), (t, cols) => {
        for (const f of [ellipsizeEnd, ellipsizeMiddle]) {
          const s = f(t, cols);
          expect(displayWidth(s)).toBeLessThanOrEqual(cols);
          if (displayWidth(t) <= cols) expect(s).toBe(t);
          else expect(s).toContain('…');
        }
      }),
    );
  });
});

describe('shortenDistinct: names a person can still tell apart', () => {
  it('sha1 names and their resized copies stay different at 11 columns', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hex40, { minLength: 1, maxLength: 40 }), fc.integer({ min: 11, max: 60 }), (hashes, cols) => {
        const names = [...hashes, ...hashes.slice(0, 3).flatMap((h) => [`${h}_10737418240`, `${h}_21474836480`])];
        const out = shortenDistinct(names, cols);
        expect(new Set(out).size).toBe(names.length);
        for (const s of out) expect(displayWidth(s)).toBeLessThanOrEqual(cols);
      }),
    );
  });

  it('names alike but for a short part anywhere are told apart by that part', () => {
    const core = fc.stringMatching(/^[0-9.]{0,3}$/);
    fc.assert(
      fc.property(anyText, anyText, fc.uniqueArray(core, { minLength: 2, maxLength: 8 }), fc.integer({ min: 10, max: 40 }), (pre, post, cores, cols) => {
        const names = cores.map((c) => `${pre}${c}${post}`);
        const out = shortenDistinct(names, cols);
        expect(new Set(out).size).toBe(names.length);
        for (const s of out) expect(displayWidth(s)).toBeLessThanOrEqual(cols);
      }),
    );
  });

  it('cuts around the difference when no single cut shows it', () => {
    const names = ['1.2.3', '1.2.4', '1.3.0'].map((v) => `build-cache-artifact-of-a-long-project-name-version-${v}-linux-x86_64.tar.gz`);
    expect(shortenDistinct(names, 11)).toEqual(['bu…1.2.3…gz', 'bu…1.2.4…gz', 'bu…1.3.0…gz']);
  });

  it('equal names stay equal, and names that fit are left alone', () => {
    expect(shortenDistinct(['abc1xyz', 'abc2xyz', 'abc1xyz', 'q'], 5)).toEqual(['…1xyz', '…2xyz', '…1xyz', 'q']);
  });
});

describe('wrapWords', () => {
  it('breaks between words, indents what follows, and keeps every word', () => {
    expect(wrapWords('would evict 10 of 10 entries, 120.0 KiB; disk 24.6% -> 24.6% (max-age 1d)', 40)).toBe(
      'would evict 10 of 10 entries, 120.0 KiB;\n  disk 24.6% -> 24.6% (max-age 1d)',
    );
  });

  it('no line wider than asked; the words come back in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyText.filter((w) => !w.includes(' ') && w !== ''), hex40), { maxLength: 30 }), fc.integer({ min: 10, max: 120 }), (words, cols) => {
        const text = words.join(' ');
        const out = wrapWords(text, cols);
        for (const l of out.split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
        expect(out.replace(/\n {2}/g, ' ').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
    );
  });
});
