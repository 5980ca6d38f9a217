import { UsageError } from '../../shared/errors.js';

/** The run's clock: the hidden --now (tests simulate days of use with it), else the real time. */
export function nowFrom(args: { now?: string | undefined }): number {
  if (args.now === undefined) return Date.now();
  const ms = Date.parse(args.now);
  if (!/^\d{4}-\d{2}-\d{2}/.test(args.now) || !Number.isFinite(ms)) {
    throw new UsageError(`--now: '${args.now}' is not an ISO date-time (e.g. 2025-01-31T12:00:00Z)`);
  }
  return ms;
}

/** A clock function: fixed at --now when given (so records made during a run carry that time), else real. */
export function clockFrom(args: { now?: string | undefined }): () => number {
  if (args.now === undefined) return () => Date.now();
  const fixed = nowFrom(args);
  return () => fixed;
}
