import type { Output } from './output.js';

/** A one-line progress display on stderr for long scans and deletions. */
export interface Progress {
  scan(done: number, total: number): void;
  apply(done: number, total: number): void;
  /** Clear the line, if anything was drawn. */
  end(): void;
}

const NONE: Progress = { scan: () => undefined, apply: () => undefined, end: () => undefined };

export interface ProgressOptions {
  quiet?: boolean;
  json?: boolean;
  format?: string;
  logFormat?: string;
  /** Show nothing for phases shorter than this (ms). */
  delayMs?: number;
  /** Redraw at most this often (ms). */
  everyMs?: number;
  clock?: () => number;
}

/**
 * Progress only where a person watches: stderr is a terminal, and not under --quiet, --json (or --format json)
 * or --log-format (log lines and a redrawn line do not mix). Nothing at all for phases that finish quickly.
 */
export function makeProgress(o: Output, opts: ProgressOptions): Progress {
  const write = o.progress;
  if (!write || !o.stderrIsTTY || opts.quiet || opts.json || opts.format === 'json' || opts.logFormat) return NONE;
  const clock = opts.clock ?? Date.now;
  const delay = opts.delayMs ?? 500;
  const every = opts.everyMs ?? 100;
  let phase = '';
  let started = 0;
  let last = -Infinity;
  let drawn = false;
  const tick = (name: string, verb: string, done: number, total: number): void => {
    const now = clock();
    if (name !== phase) {
      phase = name;
      started = now;
      last = -Infinity;
    }
    if (now - started < delay || (now - last < every && done < total)) return;
    last = now;
    const pc = total > 0 ? Math.floor((done / total) * 100) : 100;
    write(`\r\x1b[K${verb} ${done}/${total} (${pc}%)`);
    drawn = true;
  };
  return {
    scan: (d, t) => tick('scan', 'scanning', d, t),
    apply: (d, t) => tick('apply', 'deleting', d, t),
    end: () => {
      if (drawn) write('\r\x1b[K');
      drawn = false;
      phase = '';
    },
  };
}
