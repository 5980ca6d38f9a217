import type { ChalkInstance } from 'chalk';
import { summarizeRegret, type RegretRow } from '../shared/regret.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { EvictionRow } from '../usage/store/read.js';
import { SCHEMA_VERSION } from './plan-schema.js';
import { NAME_FIT, REASON_FIT } from './columns.js';
import { wrapWords } from './fit.js';
import { regretJson, regretLine } from './regret.js';
import { renderRows, type Cell, type TextStyle } from './render.js';

const iso = (ms: number | null): string | null => (ms === null || ms <= 0 ? null : new Date(ms).toISOString());
const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Past evictions as a table (oldest first) and a total line. */
export function historyText(rows: readonly EvictionRow[], sinceMs: number | null, style: TextStyle, chalk: ChalkInstance, width?: number): string {
  const since = sinceMs !== null ? ` since ${isoSec(sinceMs)}` : '';
  if (rows.length === 0) return `no evictions recorded${since}`;
  const headers: Cell[] = [
    { text: 'when' },
    { text: 'entry', fit: NAME_FIT },
    { text: 'class', fit: { drop: 2 } },
    { text: 'size', align: 'right' },
    { text: 'hits', align: 'right', fit: { drop: 1 } },
    { text: 'strategy', fit: { drop: 3 } },
    { text: 'reason', fit: REASON_FIT },
    // Hidden after the class, before the strategy that made the eviction it qualifies.
    { text: 'back after', align: 'right', fit: { drop: 2.5 } },
  ];
  const table = renderRows(
    headers,
    rows.map((r): Cell[] => [
      { text: isoSec(r.at_ms) },
      { text: r.name },
      { text: r.class },
      { text: formatBytes(r.bytes) },
      { text: String(r.hits) },
      { text: r.strategy },
      { text: r.detail ? `${r.reason}: ${r.detail}` : r.reason, color: (c) => c.dim },
      { text: r.refetched_ms !== null ? formatDuration(r.refetched_ms - r.at_ms) : '', color: (c) => c.yellow },
    ]),
    style,
    chalk,
    width,
  );
  const bytes = rows.reduce((s, r) => s + r.bytes, 0);
  const back = regretLine(summarizeRegret(rows.map(regretRow)));
  const total = `${rows.length} ${rows.length === 1 ? 'eviction' : 'evictions'}, ${formatBytes(bytes)} freed${since}`;
  const prose = (line: string): string => (width === undefined ? line : wrapWords(line, width));
  return [table, prose(total), ...(back ? [prose(back)] : [])].join('\n');
}

/** The `history --json` document. */
export function historyToJson(root: string, rows: readonly EvictionRow[], sinceMs: number | null, now: number) {
  return {
    schema: SCHEMA_VERSION,
    command: 'history',
    root,
    now: new Date(now).toISOString(),
    since: sinceMs !== null ? new Date(sinceMs).toISOString() : null,
    evictions: rows.map((r) => ({
      at: new Date(r.at_ms).toISOString(),
      name: r.name,
      class: r.class,
      bytes: r.bytes,
      apparentBytes: r.apparent_bytes,
      reason: r.reason,
      detail: r.detail,
      strategy: r.strategy,
      hits: r.hits,
      lastUsed: iso(r.last_used_ms),
      run: r.run_id,
      how: r.how,
      refetched: iso(r.refetched_ms),
      refetchedAfterSeconds: r.refetched_ms !== null ? Math.round((r.refetched_ms - r.at_ms) / 1000) : null,
    })),
    summary: { evictions: rows.length, bytes: rows.reduce((s, r) => s + r.bytes, 0) },
    regret: regretJson(summarizeRegret(rows.map(regretRow))),
  };
}

/** An eviction as the regret summary counts it. */
function regretRow(r: EvictionRow): RegretRow {
  return { name: r.name, evictedMs: r.at_ms, how: r.how, strategy: r.strategy, reason: r.reason, bytes: r.bytes, refetchedMs: r.refetched_ms };
}
