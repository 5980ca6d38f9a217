import { escapeName } from '../shared/escape.js';

/** One event of a run, as a log line: an eviction, a skip, a failure, a would-be eviction, the summary. */
export interface LogEvent {
  event: 'evicted' | 'skipped' | 'failed' | 'would-evict' | 'summary';
  level: 'info' | 'warn' | 'error';
  root: string;
  msg: string;
  entry?: string;
  bytes?: number;
  reason?: string;
  detail?: string;
  [field: string]: unknown;
}

export type LogFormat = 'text' | 'json';

/** A logfmt value: bare when it is a plain word, else double-quoted with escapes. */
function logfmtValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /^[A-Za-z0-9_.:/@%+-]+$/.test(s) ? s : JSON.stringify(s);
}

/**
 * `json`: one JSON object per line (time, level, event, msg, fields) for log shippers.
 * `text`: `time level event key=value ...` (logfmt), readable and still greppable.
 */
export function formatLogLine(ev: LogEvent, format: LogFormat, now: Date): string {
  const time = now.toISOString();
  // Names and messages in the one escape form (shared/escape.ts), then quoted as JSON or logfmt quote them.
  const { event, level, msg: rawMsg, ...rawFields } = ev;
  const msg = escapeName(rawMsg);
  const fields = Object.fromEntries(Object.entries(rawFields).map(([k, v]) => [k, typeof v === 'string' ? escapeName(v) : v]));
  if (format === 'json') return JSON.stringify({ time, level, event, msg, ...fields });
  const kv = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`);
  return [time, level, event, ...kv, `msg=${logfmtValue(msg)}`].join(' ');
}
