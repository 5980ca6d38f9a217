import type { ChalkInstance } from 'chalk';
import { escapeName } from '../shared/escape.js';
import { summarizeRegret, type RegretRow } from '../shared/regret.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { EvictionRow, PinRow } from '../usage/store/read.js';
import type { OlderEvictions } from '../usage/store/regret.js';
import { SCHEMA_VERSION } from './plan-schema.js';
import { NAME_FIT, REASON_FIT } from './columns.js';
import { wrapWords } from './fit.js';
import { regretJson, regretLine } from './regret.js';
import { renderRows, type Cell, type TextStyle } from './render.js';

const iso = (ms: number | null): string | null => (ms === null || ms <= 0 ? null : new Date(ms).toISOString());
const isoSec = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** Past evictions as a table (oldest first) and a total line. */
export function historyText(rows: readonly EvictionRow[], sinceMs: number | null, style: TextStyle, chalk: ChalkInstance, width?: number, older?: OlderEvictions | null): string {
  const since = sinceMs !== null ? ` since ${isoSec(sinceMs)}` : '';
  const prose = (line: string): string => (width === undefined ? line : wrapWords(line, width));
  const before = older ? [prose(olderLine(older))] : [];
  if (rows.length === 0) return [...before, `no evictions recorded${since}${older ? ' after them' : ''}`].join('\n');
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
  return [...before, table, prose(total), ...(back ? [prose(back)] : [])].join('\n');
}

/**
 * The evictions before those listed that the store keeps only as daily totals (store.md, "What is kept for how
 * long"): without this line a `history` of a year would look like a month of evictions.
 */
function olderLine(o: OlderEvictions): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const back = o.refetches > 0 ? `, ${o.refetches} came back (${formatBytes(o.refetchedBytes)})` : '';
  return `older than 30 days, kept as daily totals: ${o.evictions} ${o.evictions === 1 ? 'eviction' : 'evictions'} from ${day(o.fromMs)} to ${day(o.toMs)}, ${formatBytes(o.bytes)} freed${back}`;
}

/** The `history --json` document. */
export function historyToJson(root: string, rows: readonly EvictionRow[], sinceMs: number | null, now: number, pins: readonly PinRow[] = [], older: OlderEvictions | null = null) {
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
    older: older && { evictions: older.evictions, bytes: older.bytes, refetches: older.refetches, refetchedBytes: older.refetchedBytes, from: new Date(older.fromMs).toISOString(), to: new Date(older.toMs).toISOString() },
    regret: regretJson(summarizeRegret(rows.map(regretRow))),
    pins: shownPins(pins, sinceMs).map((p) => ({ name: p.name, pinned: iso(p.pinnedMs), until: iso(p.untilMs), ended: p.untilMs !== null && p.untilMs <= now })),
  };
}

/** The pins history shows: every pin in force, and those that ended since `sinceMs` (all that ended, without it). */
function shownPins(pins: readonly PinRow[], sinceMs: number | null): PinRow[] {
  return pins.filter((p) => p.untilMs === null || sinceMs === null || p.untilMs >= sinceMs);
}

/** One line per pin: when it began and when it ends, or ended (`pin a.img: since ..., ends ...`). */
export function pinLines(pins: readonly PinRow[], sinceMs: number | null, now: number): string[] {
  return shownPins(pins, sinceMs).map((p) => {
    const end = p.untilMs === null ? 'until unpinned' : `${p.untilMs <= now ? 'ended' : 'ends'} ${isoSec(p.untilMs)}`;
    return `pin ${escapeName(p.name)}: since ${isoSec(p.pinnedMs)}, ${end}`;
  });
}

/** An eviction as the regret summary counts it. */
function regretRow(r: EvictionRow): RegretRow {
  return { name: r.name, evictedMs: r.at_ms, how: r.how, strategy: r.strategy, reason: r.reason, bytes: r.bytes, refetchedMs: r.refetched_ms };
}
