import { UsageError } from '../shared/errors.js';
import type { ProblemSink, TraceProblem } from './trace/types.js';

/** How many problems a run keeps to show (all are counted). */
export const KEEP_PROBLEMS = 20;

/** One line naming the trace, the place and the problem. */
export function problemText(label: string, p: TraceProblem): string {
  return `trace ${label}: ${p.where}: ${p.why}${p.text !== undefined ? ` ('${p.text}')` : ''}`;
}

/** Counts a trace's problems and keeps the first few; with `strict`, the first one is a usage error (exit 2). */
export class ProblemLog {
  count = 0;
  readonly first: TraceProblem[] = [];

  constructor(
    private readonly label: string,
    private readonly strict: boolean,
  ) {}

  readonly sink: ProblemSink = (p) => {
    if (this.strict) throw new UsageError(`${problemText(this.label, p)} (--strict: malformed records are fatal)`);
    this.count++;
    if (this.first.length < KEEP_PROBLEMS) this.first.push(p);
  };
}
