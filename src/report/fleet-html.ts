import { plural } from './plural.js';
import { formatBytes } from '../shared/units.js';
import { pct } from './doc.js';
import type { FleetDoc, FleetNode } from './fleet.js';
import { FLEET_HEADERS, fleetRow, totalsLine } from './fleet-text.js';
import { esc } from './html-charts.js';
import { htmlHead } from './html.js';

/** Disk use per node, before (light) and after (dark), with each node's threshold and target marked. */
export function fleetDiskChart(nodes: readonly FleetNode[]): string {
  const W = 760;
  const left = 220;
  const right = 120;
  const rowH = 22;
  const top = 8;
  const bw = W - left - right;
  const x = (p: number): number => left + (Math.min(100, Math.max(0, p)) / 100) * bw;
  const parts: string[] = [];
  nodes.forEach((n, i) => {
    const y = top + i * rowH;
    const several = nodes.filter((m) => m.node === n.node).length > 1;
    const label = several ? `${n.node} ${n.root}` : n.node;
    // keep the node's name; shorten the cache path from the left
    const short = label.length <= 32 ? label : several ? `${n.node} ...${n.root.slice(-(28 - Math.min(n.node.length, 20)))}` : `${n.node.slice(0, 29)}...`;
    const bad = n.shortfallBytes > 0;
    parts.push(`<text x="${left - 6}" y="${y + 14}" text-anchor="end" class="lbl"${bad ? ' fill="#b3261e"' : ''}>${esc(short)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 2}" width="${bw}" height="16" fill="#f0f0f0"/>`);
    parts.push(
      `<rect x="${left}" y="${y + 2}" width="${(x(n.before.diskUsedPercent) - left).toFixed(1)}" height="16" fill="#b9cde0" class="bar"><title>${esc(`${label}: disk ${pct(n.before.diskUsedPercent)} before`)}</title></rect>`,
    );
    parts.push(
      `<rect x="${left}" y="${y + 6}" width="${(x(n.after.diskUsedPercent) - left).toFixed(1)}" height="8" fill="${bad ? '#d62728' : '#3a7d44'}" class="bar"><title>${esc(`${label}: disk ${pct(n.after.diskUsedPercent)} after`)}</title></rect>`,
    );
    if (n.trigger.kind === 'percent' && n.trigger.threshold !== null) {
      const tx = x(n.trigger.threshold).toFixed(1);
      parts.push(`<line x1="${tx}" x2="${tx}" y1="${y}" y2="${y + 20}" class="marker"><title>threshold ${n.trigger.threshold}%</title></line>`);
    }
    parts.push(`<text x="${W - right + 6}" y="${y + 14}" class="tick">${esc(`${pct(n.before.diskUsedPercent)}→${pct(n.after.diskUsedPercent)}`)}</text>`);
  });
  const H = top + nodes.length * rowH + 24;
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<text x="${x(t).toFixed(1)}" y="${H - 6}" text-anchor="middle" class="tick">${t}%</text>`);
  }
  const title = 'Disk use per node before and after, with thresholds';
  return `<svg id="chart-fleet-disk" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

/** One self-contained HTML fleet report: totals, a disk chart per node, and a row per node, shortfalls first. */
export function fleetToHtml(doc: FleetDoc): string {
  const t = doc.totals;
  const out = [htmlHead('cachesweep fleet report', 'tr.shortfall td{background:#fdecec}')];
  out.push(`<header><h1>cachesweep fleet report</h1><p class="meta">${esc(doc.generated)} · ${esc(totalsLine(doc))}</p></header>`);
  out.push('<section class="cards">');
  out.push(`<div class="card"><div class="k">nodes</div><div class="v">${t.nodes}</div></div>`);
  out.push(`<div class="card ${t.shortfallNodes ? 'bad' : ''}"><div class="k">in shortfall</div><div class="v">${t.shortfallNodes}</div></div>`);
  out.push(`<div class="card ${t.failedNodes ? 'warn' : ''}"><div class="k">with failures</div><div class="v">${t.failedNodes}</div></div>`);
  out.push(`<div class="card"><div class="k">evict</div><div class="v">${t.evictCount} · ${esc(formatBytes(t.evictBytes))}</div></div>`);
  out.push(`<div class="card"><div class="k">freed</div><div class="v">${esc(formatBytes(t.freedBytes))}</div></div>`);
  out.push(`<div class="card"><div class="k">cache size</div><div class="v">${esc(formatBytes(t.cacheBytesBefore))} → ${esc(formatBytes(t.cacheBytesAfter))}</div></div>`);
  out.push('</section>');
  out.push('<section><h2>Disk use per node</h2>');
  out.push(fleetDiskChart(doc.nodes));
  out.push('</section>');
  out.push('<section><h2>Nodes</h2>');
  out.push(`<table id="nodes"><tr>${FLEET_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`);
  for (const n of doc.nodes) {
    const cls = n.shortfallBytes > 0 ? ' class="shortfall"' : '';
    out.push(`<tr${cls}>${fleetRow(n).map((c, i) => `<td${i === 0 ? ' class="name"' : ''}>${esc(c)}</td>`).join('')}</tr>`);
  }
  out.push(
    `<tr class="totals"><th>total</th><th>${plural(t.nodes, 'node')}</th><th>${t.shortfallNodes} in shortfall</th><th></th><th></th>` +
      `<th>${esc(formatBytes(t.cacheBytesBefore))} -&gt; ${esc(formatBytes(t.cacheBytesAfter))}</th><th>${t.evictCount} (${esc(formatBytes(t.evictBytes))})</th>` +
      `<th>${esc(formatBytes(t.freedBytes))}</th><th></th><th></th></tr>`,
  );
  out.push('</table></section>');
  out.push('<footer>cachesweep fleet report · schema 1</footer>\n</body></html>\n');
  return out.join('\n');
}
