import { plural } from './plural.js';
import { formatBytes } from '../shared/units.js';
import { csvField } from './csv.js';
import { exitText, pct } from './doc.js';
import type { FleetDoc, FleetNode } from './fleet.js';
import { md } from './markdown.js';

function status(n: FleetNode): string {
  if (n.shortfallBytes > 0) return `SHORTFALL ${formatBytes(n.shortfallBytes)}`;
  if (n.failed > 0) return `${n.failed} failed`;
  if (n.exitCode !== null && n.exitCode !== 0) return `exit ${exitText(n.exitCode)}`;
  return 'ok';
}

/** The cells of a node row, as text (shared by Markdown and the text table). */
export function fleetRow(n: FleetNode): string[] {
  return [
    n.node,
    n.root,
    status(n),
    n.dryRun ? 'plan' : 'clean',
    `${pct(n.before.diskUsedPercent)} -> ${pct(n.after.diskUsedPercent)}`,
    `${formatBytes(n.before.cacheBytes)} -> ${formatBytes(n.after.cacheBytes)}`,
    `${n.evictCount} (${formatBytes(n.evictBytes)})`,
    formatBytes(n.freedBytes),
    n.cappedCount > 0 ? `${n.cappedCount} (${formatBytes(n.cappedBytes)})` : '',
    /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(n.when) ? `${n.when.slice(0, 10)} ${n.when.slice(11, 16)}Z` : n.when,
  ];
}

export const FLEET_HEADERS = ['node', 'cache', 'status', 'run', 'disk used', 'cache size', 'evict', 'freed', 'capped', 'when'];

export function totalsLine(doc: FleetDoc): string {
  const t = doc.totals;
  return (
    `${plural(t.nodes, 'node')}, ${t.shortfallNodes} in shortfall, ${t.failedNodes} with failures; evict ${plural(t.evictCount, 'entry', 'entries')} (${formatBytes(t.evictBytes)}), ` +
    `freed ${formatBytes(t.freedBytes)}; cache ${formatBytes(t.cacheBytesBefore)} -> ${formatBytes(t.cacheBytesAfter)}; shortfall ${formatBytes(t.shortfallBytes)}`
  );
}

export function fleetToMarkdown(doc: FleetDoc): string {
  const out = [`# cachesweep fleet report`, '', `- **Generated**: ${md(doc.generated)}`, `- **Totals**: ${md(totalsLine(doc))}`, ''];
  out.push(`| ${FLEET_HEADERS.join(' | ')} |`, `| ${FLEET_HEADERS.map(() => '---').join(' | ')} |`);
  for (const n of doc.nodes) out.push(`| ${fleetRow(n).map(md).join(' | ')} |`);
  return `${out.join('\n')}\n`;
}

export const FLEET_CSV_COLUMNS = [
  'node', 'root', 'command', 'dry_run', 'when', 'exit_code', 'entries', 'evict_count', 'evict_bytes', 'capped_count', 'capped_bytes',
  'shortfall_bytes', 'deleted', 'skipped', 'failed', 'freed_bytes', 'cache_bytes_before', 'cache_bytes_after',
  'disk_used_percent_before', 'disk_used_percent_after', 'file',
] as const;

export function fleetToCsv(doc: FleetDoc): string {
  const rows: unknown[][] = [[...FLEET_CSV_COLUMNS]];
  for (const n of doc.nodes) {
    rows.push([
      n.node, n.root, n.command, n.dryRun, n.when, n.exitCode, n.entries, n.evictCount, n.evictBytes, n.cappedCount, n.cappedBytes,
      n.shortfallBytes, n.deleted, n.skipped, n.failed, n.freedBytes, n.before.cacheBytes, n.after.cacheBytes,
      n.before.diskUsedPercent, n.after.diskUsedPercent, n.file,
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
