import { SIZE_RE, type Columns } from './columns.js';
import { keyOf, shorten, type ChunkBuilder, type ProblemSink } from './types.js';

/**
 * Turn one line's fields into a request, or report why it cannot be one: too few fields, an empty id, a size that
 * is not a whole number of bytes, a time that is not a number. `timeScale` converts the time column to seconds.
 */
export function pushFields(
  fields: readonly string[],
  cols: Columns,
  line: string,
  lineNo: number,
  timeScale: number,
  out: ChunkBuilder,
  onProblem: ProblemSink,
): void {
  const bad = (why: string): void => onProblem({ where: `line ${lineNo}`, why, text: shorten(line) });
  if (fields.length < cols.width) return bad(`${fields.length} field${fields.length === 1 ? '' : 's'}, expected at least ${cols.width}`);
  const id = fields[cols.id]!.trim();
  if (id === '') return bad('empty id');
  const sizeText = fields[cols.size]!;
  if (!SIZE_RE.test(sizeText)) return bad(`size '${shorten(sizeText.trim(), 30)}' is not a whole number of bytes`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return bad(`size '${sizeText.trim()}' is too large`);
  let time = NaN;
  if (cols.time >= 0) {
    const t = fields[cols.time]!.trim();
    time = t === '' ? NaN : Number(t);
    if (!Number.isFinite(time)) return bad(`time '${shorten(t, 30)}' is not a number`);
    time *= timeScale;
  }
  out.push(keyOf(id), size, time);
}
