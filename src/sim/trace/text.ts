import { headerColumns, type Columns } from './columns.js';
import { forEachLine } from './lines.js';
import { pushFields } from './record.js';
import { ChunkBuilder, type ProblemSink, type TraceChunk, type TraceInfo, type TraceSource } from './types.js';

/** The default columns of a whitespace trace: `time id size`. */
export const TEXT_COLUMNS: Columns = { time: 0, id: 1, size: 2, width: 3 };

const WS = /\s+/;

/**
 * A whitespace-separated text trace, one request per line: `time id size` (or the columns `--columns` names, or a
 * first line naming them). Blank lines and `#` comments are skipped.
 */
export function textTrace(file: string, opts: { columns?: Columns; timeScale: number }): TraceSource {
  return {
    label: file,
    format: 'text',
    async read(onChunk: (c: TraceChunk) => void, onProblem: ProblemSink): Promise<TraceInfo> {
      const out = new ChunkBuilder(onChunk);
      let cols = opts.columns ?? TEXT_COLUMNS;
      let first = true;
      await forEachLine(file, (line, lineNo) => {
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.charCodeAt(0) === 35 /* # */) return;
        const fields = trimmed.split(WS);
        if (first) {
          first = false;
          const header = headerColumns(fields);
          if (header) {
            if (!opts.columns) cols = header;
            return;
          }
        }
        pushFields(fields, cols, line, lineNo, opts.timeScale, out, onProblem);
      });
      out.flush();
      return { hasTime: cols.time >= 0 };
    },
  };
}
