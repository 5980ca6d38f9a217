/** How a table column gives way when the table is wider than the terminal. */
export interface Fit {
  /** Shortened with an ellipsis: 'middle' keeps both ends of names (and keeps them distinct), 'end' keeps the start of a reason. */
  shorten?: 'middle' | 'end';
  /** A shortened column first narrows to this, before any column is hidden (default: its widest cell). */
  want?: number;
  /** ... and, when hiding columns was not enough, to this (default 1). */
  min?: number;
  /** Hidden when the table does not fit otherwise; the lowest rank goes first. Without it the column always shows. */
  drop?: number;
}

/**
 * Entry names: shortened in the middle (a sha1 differs from the next at both ends; `<sha1>_<size>` and versioned
 * names differ at the end), to 24 columns before any column is hidden, to 11 at most (5 + … + 5).
 */
export const NAME_FIT: Fit = { shorten: 'middle', want: 24, min: 11 };
/** Reasons and states: the code first, its detail after, so shortened at the end. */
export const REASON_FIT: Fit = { shorten: 'end', want: 20, min: 8 };

/** What planning needs to know of a column, in terminal columns. */
export interface ColumnSize {
  /** The header on one line. */
  header: number;
  /** The header's longest word: a header wraps between words, never narrower than that. */
  headerWord: number;
  /** The widest cell. */
  content: number;
  fit?: Fit;
}

export interface ColumnPlan {
  /** Indices of the columns shown, in order. */
  shown: number[];
  /** Width of each shown column (same order), without padding. */
  widths: number[];
  /** Indices of the columns hidden. */
  hidden: number[];
}

/** Narrow the widest columns of `idx` one column at a time (of equal ones, the later: names come first and keep the odd column), never below their floor; returns what is still over. */
function squeeze(widths: number[], floors: readonly number[], idx: readonly number[], excess: number): number {
  let over = excess;
  while (over > 0) {
    let best = -1;
    for (const i of idx) if (widths[i]! > floors[i]! && (best < 0 || widths[i]! >= widths[best]!)) best = i;
    if (best < 0) break;
    widths[best]!--;
    over--;
  }
  return over;
}

/**
 * Column widths for a table at most `total` columns wide, `overhead(n)` being what borders and padding of n
 * columns take. In order, until it fits: headers wrap between words; shortened columns narrow to their `want`;
 * droppable columns are hidden, lowest rank first (and the widths start over); shortened columns narrow to
 * their `min`; then every column narrows, to one column at worst. A person reading at 80 columns would rather lose
 * the hit count than see names cut to ten characters, hence hiding before the last narrowing.
 */
export function planColumns(sizes: readonly ColumnSize[], total: number, overhead: (n: number) => number): ColumnPlan {
  const shown = sizes.map((_, i) => i);
  const hidden: number[] = [];
  for (;;) {
    const s = shown.map((i) => sizes[i]!);
    const widths = s.map((c) => Math.max(c.header, c.content));
    const idx = s.map((_, k) => k);
    const fixed = idx.filter((k) => !s[k]!.fit?.shorten);
    const shortened = idx.filter((k) => s[k]!.fit?.shorten);
    const cell = (c: ColumnSize, floor: number | undefined): number => Math.max(c.headerWord, Math.min(c.content, floor ?? c.content));
    let over = widths.reduce((a, b) => a + b, 0) - (total - overhead(shown.length));
    over = squeeze(widths, s.map((c) => cell(c, undefined)), fixed, over);
    over = squeeze(widths, s.map((c) => cell(c, c.fit?.want)), shortened, over);
    const droppable = idx.filter((k) => s[k]!.fit?.drop !== undefined);
    if (over > 0 && droppable.length > 0) {
      const k = droppable.reduce((a, b) => (s[b]!.fit!.drop! < s[a]!.fit!.drop! ? b : a));
      hidden.push(shown[k]!);
      shown.splice(k, 1);
      continue;
    }
    over = squeeze(widths, s.map((c) => cell(c, c.fit?.min ?? 1)), shortened, over);
    squeeze(widths, s.map(() => 1), idx, over);
    return { shown, widths, hidden: hidden.sort((a, b) => a - b) };
  }
}

/**
 * Kept entries a table lists one per row, at most, unless asked for all (--all-entries): past that a plan of a
 * million entries would scroll its victims and its summary out of sight behind rows a person does not read; the
 * kept are then counted by reason (keptSummary in text.ts). JSON, plain text and the reports carry every entry.
 */
export const KEPT_LISTED = 20;
