import stringWidth from 'string-width';

/**
 * Text measured and shortened in terminal columns, not in UTF-16 units: a CJK file name takes two columns a
 * character, a combining accent none, and cli-table3 pads by the same measure (string-width), so a cell this
 * module shortens to n columns is exactly n columns in the table.
 */

export const ELLIPSIS = '…';

// Made when first needed: constructed as the module loads, it cost every run about 20 ms of ICU data loading
// (measured on a plan of an empty cache), though only shortening a name for a terminal ever splits graphemes.
let segmenter: Intl.Segmenter | undefined;

/** Columns the text takes on a terminal (colour codes take none). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

export function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The longest run of whole graphemes from the start (or, from the end, `fromEnd`) that fits in `cols` columns. */
export function take(parts: readonly string[], cols: number, fromEnd: boolean): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < parts.length; i++) {
    const g = parts[fromEnd ? parts.length - 1 - i : i]!;
    const w = stringWidth(g);
    if (used + w > cols) break;
    out.push(g);
    used += w;
  }
  return fromEnd ? out.reverse().join('') : out.join('');
}

/** `a very long reason…`: the start kept (a reason code comes first, its detail after). */
export function ellipsizeEnd(text: string, cols: number): string {
  if (stringWidth(text) <= cols) return text;
  if (cols <= 0) return '';
  return take(graphemes(text), cols - 1, false) + ELLIPSIS;
}

/**
 * `136571b4…_10737418240`: both ends kept, `head` columns of the start (default: half, the end getting the odd one).
 * Hash names differ everywhere, and resized, versioned or suffixed names differ at the end, which an end
 * ellipsis would cut off.
 */
export function ellipsizeMiddle(text: string, cols: number, head?: number): string {
  if (stringWidth(text) <= cols) return text;
  if (cols <= 1) return ellipsizeEnd(text, cols);
  const room = cols - 1;
  const h = Math.max(0, Math.min(room, head ?? Math.floor(room / 2)));
  const parts = graphemes(text);
  return take(parts, h, false) + ELLIPSIS + take(parts, room - h, true);
}

/**
 * Prose broken between words into lines of at most `cols` columns, the lines after the first indented (a word
 * longer than a line, such as a path, is cut into pieces). Existing line breaks are kept.
 */
export function wrapWords(text: string, cols: number, indent = '  '): string {
  if (cols < 10) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, cols, indent))
    .join('\n');
}

function wrapLine(line: string, cols: number, indent: string): string {
  if (stringWidth(line) <= cols) return line;
  const lines: string[] = [];
  let cur = '';
  const room = (): number => cols - (lines.length > 0 ? indent.length : 0);
  const flush = (): void => {
    lines.push(cur);
    cur = '';
  };
  for (const word of line.split(' ')) {
    const sep = cur === '' ? '' : ' ';
    if (stringWidth(cur + sep + word) <= room()) {
      cur += sep + word;
      continue;
    }
    if (cur !== '') flush();
    let rest = word;
    while (stringWidth(rest) > room()) {
      const piece = take(graphemes(rest), room(), false);
      if (piece === '') break; // a character wider than a whole line: left to the terminal
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    cur = rest;
  }
  if (cur !== '' || lines.length === 0) flush();
  return lines.map((l, i) => (i > 0 ? indent + l : l)).join('\n');
}
