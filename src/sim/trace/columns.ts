import { UsageError } from '../../shared/errors.js';

/** Where the fields of a request are in a line: column indexes (time -1: none). */
export interface Columns {
  time: number;
  id: number;
  size: number;
  /** Fields a line needs at least. */
  width: number;
}

/** Column names a header may use for each field (case-insensitive), as common trace tools write them. */
const NAMES: Record<'time' | 'id' | 'size', readonly string[]> = {
  time: ['time', 'timestamp', 'ts', 'clock_time', 'real_time'],
  id: ['id', 'obj_id', 'object_id', 'key', 'obj', 'object'],
  size: ['size', 'obj_size', 'object_size', 'bytes'],
};

function fieldOf(name: string): 'time' | 'id' | 'size' | undefined {
  const n = name.trim().replace(/^"|"$/g, '').toLowerCase();
  return (Object.keys(NAMES) as ('time' | 'id' | 'size')[]).find((k) => NAMES[k].includes(n));
}

function build(names: readonly (string | undefined)[]): Columns | null {
  const at = (f: string): number => names.indexOf(f);
  const id = at('id');
  const size = at('size');
  if (id < 0 || size < 0) return null;
  const time = at('time');
  return { time, id, size, width: Math.max(time, id, size) + 1 };
}

/**
 * Parse `--columns`: the name of each column in order, `time`, `id` and `size` (time optional), and `-` (or an
 * empty name) for a column to ignore. E.g. `time,id,size`, `id,size`, `time,-,id,size`.
 */
export function parseColumns(text: string): Columns {
  const parts = text.split(',').map((p) => p.trim().toLowerCase());
  const names = parts.map((p) => (p === '-' || p === '' ? undefined : p));
  for (const n of names) {
    if (n !== undefined && n !== 'time' && n !== 'id' && n !== 'size') {
      throw new UsageError(`--columns: '${text}': unknown column '${n}' (name each column time, id, size, or - to skip it; e.g. time,id,size)`);
    }
    if (n !== undefined && names.filter((m) => m === n).length > 1) throw new UsageError(`--columns: '${text}': ${n} is named twice`);
  }
  const cols = build(names);
  if (!cols) throw new UsageError(`--columns: '${text}' must name an id and a size column (e.g. time,id,size)`);
  return cols;
}

/**
 * Read a header line: the columns it names, or null when it is not a header (it must name an id and a size
 * column, by the names trace tools use, and hold no number).
 */
export function headerColumns(fields: readonly string[]): Columns | null {
  if (fields.some((f) => /^\s*-?\d+(\.\d+)?\s*$/.test(f))) return null;
  return build(fields.map(fieldOf));
}

export const SIZE_RE = /^\s*\d+\s*$/;
