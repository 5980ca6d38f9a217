import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import { wrapWords } from '../../report/fit.js';
import type { TextStyle } from '../../report/render.js';
import type { scanFlags } from '../args/flags.js';
import { escapeText } from '../../shared/escape.js';

/** Where the CLI writes, and what the terminal can show. Injected so tests drive the CLI in-process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Raw stderr, no newline added: for a progress line redrawn in place. */
  progress?(text: string): void;
  /** Raw stdout, no newline added: for a long document written in pieces. Without it, pieces are joined for out(). */
  write?(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  colorLevel: 0 | 1 | 2 | 3;
  /** Width of stdout in columns: COLUMNS when set, else the terminal's; none for a pipe or a file. */
  columns?: number;
  /** The same for stderr (warnings are wrapped to it). */
  errColumns?: number;
}

/**
 * A terminal width: COLUMNS when it is a positive number (as Python's and coreutils' tools read it: an operator
 * who sets it means it), else what the terminal says, else none. A pipe has no width, but `--format table` into
 * a pipe with COLUMNS set fits it.
 */
export function terminalColumns(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean; columns?: number }): number | undefined {
  const fromEnv = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  if (fromEnv > 0) return fromEnv;
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
}

/** `{ key: v }`, or nothing when v is undefined (optional fields are absent, never undefined). */
const optional = <K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [k in K]: V }));

/**
 * Node writes to a file or a terminal synchronously, but to a pipe or a socket (a log shipper, journald, `| gzip`)
 * it queues in memory what the reader has not yet taken, until the event loop turns: a dry run's log line per
 * victim, or `--json` in chunks, is all written in one synchronous loop. Into a reader slower than that loop,
 * 400,000 log lines of 250 bytes left 100 MB queued (0 once blocking). A blocking pipe holds the run back instead,
 * as a slow disk or terminal already does. `setBlocking` is what Node's own terminal stream calls (tty.WriteStream);
 * a stream without it (a file) is synchronous already.
 */
function writeThrough(stream: NodeJS.WriteStream): void {
  const handle = (stream as unknown as { _handle?: { setBlocking?: (on: boolean) => number } })._handle;
  handle?.setBlocking?.(true);
}

export function processOutput(): Output {
  // A reader that goes away (`cachesweep plan DIR | head -1`) must not crash a run halfway through its deletions:
  // output to a closed pipe is dropped, the work goes on, and the exit code still tells what happened.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
    writeThrough(stream);
  }
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    progress: (t) => process.stderr.write(t),
    write: (t) => process.stdout.write(t), // synchronous for files, pipes and terminals (writeThrough): nothing piles up
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    colorLevel: process.stdout.isTTY && supportsColor ? supportsColor.level : 0,
    ...optional('columns', terminalColumns(process.env, process.stdout)),
    ...optional('errColumns', process.stderr.isTTY ? terminalColumns(process.env, process.stderr) : undefined),
  };
}

/** --format's choices (the flag table's). */
export type Format = (typeof scanFlags.format.choices)[number];

/** How a command prints, from --format/--json/--quiet and the terminal. */
export interface Printer {
  json: boolean;
  quiet: boolean;
  style: TextStyle;
  chalk: ChalkInstance;
  /** The width tables fit and prose wraps to: the terminal's for a table, none for plain text or under --wide. */
  width?: number;
  /** Prose (a summary, a note) broken between words to that width; unchanged without one. */
  wrap(text: string): string;
  out(text: string): void;
  /** One document in pieces (their concatenation, then a newline), as out() would print it whole. */
  outChunks(chunks: Iterable<string>): void;
  /** Warnings: stderr, not under --quiet. */
  warn(text: string): void;
  /** Errors: always. */
  error(text: string): void;
}

export function makePrinter(o: Output, flags: { format?: Format; json?: boolean; quiet?: boolean; wide?: boolean }): Printer {
  const format: Format = flags.json ? 'json' : (flags.format ?? 'auto');
  const style: TextStyle = format === 'table' || (format === 'auto' && o.stdoutIsTTY) ? 'table' : 'plain';
  const quiet = Boolean(flags.quiet);
  const level = style === 'table' ? o.colorLevel : 0;
  const width = style === 'table' && !flags.wide ? o.columns : undefined;
  return {
    json: format === 'json',
    quiet,
    style,
    chalk: new Chalk({ level }),
    ...optional('width', width),
    wrap: (t) => (width === undefined ? t : wrapWords(t, width)),
    out: (t) => {
      if (!quiet || format === 'json') o.out(t);
    },
    outChunks: (chunks) => {
      if (quiet && format !== 'json') return;
      if (!o.write) {
        o.out([...chunks].join(''));
        return;
      }
      let last = '';
      for (const c of chunks) {
        if (c.length === 0) continue;
        o.write(c);
        last = c;
      }
      if (!last.endsWith('\n')) o.write('\n');
    },
    // Warnings and errors quote names (`cannot read NAME/: EACCES`, `failed to delete NAME: ...`) and trace
    // records: escaped here for every line, so no caller can forget it (escapeText: backslashes kept, as the line
    // may quote what the operator typed; callers pass names raw).
    warn: (t) => {
      if (!quiet) {
        const line = `cachesweep: warning: ${escapeText(t)}`;
        o.err(o.errColumns ? wrapWords(line, o.errColumns) : line);
      }
    },
    error: (t) => o.err(`cachesweep: ${escapeText(t)}`),
  };
}
