import { UsageError } from '../../shared/errors.js';
import { headerColumns, type Columns } from './columns.js';
import { forEachLine } from './lines.js';
import { pushFields } from './record.js';
import { ChunkBuilder, shorten, type TraceChunk, type TraceInfo, type TraceSource, type ProblemSink } from './types.js';

/** Split one CSV line; quoted fields ("a,b", "say ""hi""") only when the line has a quote. */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * A CSV trace: a header naming the columns (time, id, size, by the usual names; other columns are ignored), or
 * `--columns` saying which column is which (a header line is then skipped). Blank lines and lines starting with
 * `#` are skipped; anything else that is not a request is a problem with its line number.
 */
export function csvTrace(file: string, opts: { columns?: Columns; timeScale: number }): TraceSource {
  return {
    label: file,
    format: 'csv',
    async read(onChunk: (c: TraceChunk) => void, onProblem: ProblemSink): Promise<TraceInfo> {
      const out = new ChunkBuilder(onChunk);
      let cols: Columns | undefined = opts.columns;
      let first = true;
      await forEachLine(file, (line, lineNo) => {
        if (line.length === 0 || line.charCodeAt(0) === 35 /* # */ || line.trim() === '') return;
        const fields = splitCsv(line);
        if (first) {
          first = false;
          const header = headerColumns(fields);
          if (header) {
            cols ??= header;
            return;
          }
          if (!cols) {
            throw new UsageError(
              `trace ${file}: line ${lineNo} ('${shorten(line, 60)}') is not a header naming the id and size columns; add one (time,id,size) or give --columns (e.g. --columns time,id,size)`,
            );
          }
        }
        pushFields(fields, cols!, line, lineNo, opts.timeScale, out, onProblem);
      });
      out.flush();
      return { hasTime: (cols?.time ?? -1) >= 0 };
    },
  };
}
