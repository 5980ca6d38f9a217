import type { ChalkInstance } from 'chalk';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { Figures } from '../plan/types.js';
import type { ScanResult, Usage } from '../shared/types.js';
import { NO_FINDINGS, type RunFindings } from '../usage/interrupted.js';
import { interruptedState, unfinishedRunsText } from './interrupted.js';
import type { RegretSummary } from '../shared/regret.js';
import { NAME_FIT, REASON_FIT } from './columns.js';
import { wrapWords } from './fit.js';
import { plural } from './plural.js';
import { regretLine } from './regret.js';
import { renderRows, type Cell, type TextStyle } from './render.js';

/**
 * The inventory: every entry with size, usage and state (in use, pinned, half-deleted...); then the totals and disk
 * figures, the half-deleted entries and the runs that did not finish.
 */
export function statusText(
  scan: ScanResult,
  usage: ReadonlyMap<string, Usage>,
  disk: Figures,
  now: number,
  style: TextStyle,
  chalk: ChalkInstance,
  findings: RunFindings = NO_FINDINGS,
  width?: number,
  regret?: RegretSummary,
): string {
  const headers: Cell[] = [
    { text: 'entry', fit: NAME_FIT },
    { text: 'class', fit: { drop: 5 } },
    { text: 'size', align: 'right' },
    { text: 'apparent', align: 'right', fit: { drop: 2 } },
    { text: 'last used', fit: { drop: 3 } },
    { text: 'idle', align: 'right', fit: { drop: 6 } },
    { text: 'hits', align: 'right', fit: { drop: 4 } },
    // Hidden after the hit count, before the class: what came back is what the regret line sums up below.
    { text: 'back', align: 'right', fit: { drop: 4.5 } },
    { text: 'first seen', fit: { drop: 1 } },
    { text: 'state', fit: REASON_FIT },
  ];
  const rows = scan.entries.map((e): Cell[] => {
    const u = usage.get(e.name);
    const held = u?.inUse.length ? `in use: ${u.inUse.join('; ')}` : u?.pinned ? 'pinned' : e.unknownWhy ? `unknown: ${e.unknownWhy}` : e.partial ? 'partial' : '';
    const broken = findings.interrupted.get(e.name);
    const state = broken ? [interruptedState(broken, e), held].filter(Boolean).join('; ') : held;
    return [
      { text: e.name },
      { text: e.class },
      { text: formatBytes(e.bytes) },
      { text: formatBytes(e.apparentBytes) },
      { text: u && u.lastUsedMs > 0 ? new Date(u.lastUsedMs).toISOString().replace(/\.\d+Z$/, 'Z') : '-' },
      { text: u ? formatDuration(now - u.lastUsedMs) : '-' },
      { text: String(u?.hits ?? 0) },
      { text: u?.refetches ? `${u.refetches}x` : '' },
      { text: u?.firstSeenMs !== undefined ? new Date(u.firstSeenMs).toISOString().replace(/\.\d+Z$/, 'Z') : '-' },
      { text: state, color: (c) => (broken ? c.red : u?.inUse.length ? c.yellow : c.dim) },
    ];
  });
  const table = scan.entries.length ? renderRows(headers, rows, style, chalk, width) : 'the cache is empty';
  const total = `${plural(scan.entries.length, 'entry', 'entries')}, ${formatBytes(scan.cacheBytes)} (layout ${scan.layout}); disk ${disk.diskUsedPercent.toFixed(1)}% used, ${formatBytes(disk.diskAvailableBytes)} available`;
  const prose = (line: string): string => (width === undefined ? line : wrapWords(line, width));
  const back = regretLine(regret);
  return [table, total, ...(back ? [back] : []), ...unfinishedRunsText(findings)].map((l, i) => (i === 0 ? l : prose(l))).join('\n');
}
