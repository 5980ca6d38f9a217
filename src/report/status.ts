import type { ChalkInstance } from 'chalk';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { Figures } from '../plan/types.js';
import type { ScanResult, Usage } from '../shared/types.js';
import { NAME_FIT, REASON_FIT } from './columns.js';
import { wrapWords } from './fit.js';
import { renderRows, type Cell, type TextStyle } from './render.js';

/** The inventory: every entry with size, usage and in-use state; then the totals and disk figures. */
export function statusText(
  scan: ScanResult,
  usage: ReadonlyMap<string, Usage>,
  disk: Figures,
  now: number,
  style: TextStyle,
  chalk: ChalkInstance,
  width?: number,
): string {
  const headers: Cell[] = [
    { text: 'entry', fit: NAME_FIT },
    { text: 'class', fit: { drop: 5 } },
    { text: 'size', align: 'right' },
    { text: 'apparent', align: 'right', fit: { drop: 2 } },
    { text: 'last used', fit: { drop: 3 } },
    { text: 'idle', align: 'right', fit: { drop: 6 } },
    { text: 'hits', align: 'right', fit: { drop: 4 } },
    { text: 'first seen', fit: { drop: 1 } },
    { text: 'state', fit: REASON_FIT },
  ];
  const rows = scan.entries.map((e): Cell[] => {
    const u = usage.get(e.name);
    const state = u?.inUse.length ? `in use: ${u.inUse.join('; ')}` : u?.pinned ? 'pinned' : e.unknownWhy ? `unknown: ${e.unknownWhy}` : e.partial ? 'partial' : '';
    return [
      { text: e.name },
      { text: e.class },
      { text: formatBytes(e.bytes) },
      { text: formatBytes(e.apparentBytes) },
      { text: u && u.lastUsedMs > 0 ? new Date(u.lastUsedMs).toISOString().replace(/\.\d+Z$/, 'Z') : '-' },
      { text: u ? formatDuration(now - u.lastUsedMs) : '-' },
      { text: String(u?.hits ?? 0) },
      { text: u?.firstSeenMs !== undefined ? new Date(u.firstSeenMs).toISOString().replace(/\.\d+Z$/, 'Z') : '-' },
      { text: state, color: (c) => (u?.inUse.length ? c.yellow : c.dim) },
    ];
  });
  const table = scan.entries.length ? renderRows(headers, rows, style, chalk, width) : 'the cache is empty';
  const total = `${scan.entries.length} entries, ${formatBytes(scan.cacheBytes)} (layout ${scan.layout}); disk ${disk.diskUsedPercent.toFixed(1)}% used, ${formatBytes(disk.diskAvailableBytes)} available`;
  return `${table}\n${width === undefined ? total : wrapWords(total, width)}`;
}
