/** Chunks of about this many characters: few enough writes, and a megabyte at most in memory besides the plan. */
export const CHUNK = 1 << 20;

/**
 * Lines, each followed by `eol`, in chunks of about a megabyte: a report of a million rows is written piece by piece
 * instead of being joined into one string (which, with its rows, held several hundred bytes per entry at once).
 * A chunk ends at a line's end, so no character is ever cut in two.
 */
export function* inChunks(lines: Iterable<string>, eol: string): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line + eol;
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}
