import { escapeName } from '../shared/escape.js';
import { formatBytes } from '../shared/units.js';
import { entries, pct, type ReasonGroup } from './doc.js';
import type { PlanDoc } from './plan-schema.js';

/**
 * Escape text for HTML and SVG, in text and in attribute values: controls and bidirectional characters take the one
 * escape form of every report (escapeName; a browser would otherwise reorder `evil\u{202E}gpj.exe` into
 * `evilexe.jpg`), then the HTML specials become entities.
 */
export function esc(text: unknown): string {
  return escapeName(String(text)).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A colour per reason, the same in every chart and legend. */
export const REASON_COLORS: Record<string, string> = {
  interrupted: '#8b0000',
  expired: '#d62728',
  'over-threshold': '#ff7f0e',
  capped: '#9467bd',
  'target-met': '#2ca02c',
  'below-threshold': '#98df8a',
  'not-expired': '#1f77b4',
  linked: '#c5b0d5',
  'too-young': '#aec7e8',
  'in-use': '#17becf',
  pinned: '#bcbd22',
  protected: '#8c564b',
  partial: '#e377c2',
  unknown: '#7f7f7f',
  excluded: '#dbdb8d',
};

export const colorOf = (reason: string): string => REASON_COLORS[reason] ?? '#555555';

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

/**
 * Cache composition: two stacked bars, bytes and entries, split by decision and reason, with a legend.
 * Each segment has a <title> (shown on hover) with its count and bytes.
 */
export function compositionChart(groups: readonly ReasonGroup[]): string {
  const W = 760;
  const left = 70;
  const barW = W - left - 10;
  const totalBytes = groups.reduce((s, g) => s + g.bytes, 0);
  const totalCount = groups.reduce((s, g) => s + g.count, 0);
  const rows: { label: string; total: number; value: (g: ReasonGroup) => number }[] = [
    { label: 'bytes', total: totalBytes, value: (g) => g.bytes },
    { label: 'entries', total: totalCount, value: (g) => g.count },
  ];
  const parts: string[] = [];
  rows.forEach((row, i) => {
    const y = 10 + i * 40;
    parts.push(`<text x="${left - 8}" y="${y + 19}" text-anchor="end" class="lbl">${row.label}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${barW}" height="28" fill="#f0f0f0"/>`);
    let x = left;
    for (const g of groups) {
      const v = row.value(g);
      if (row.total <= 0 || v <= 0) continue;
      const w = (v / row.total) * barW;
      parts.push(
        `<rect x="${n(x)}" y="${y}" width="${n(Math.max(w, 0.5))}" height="28" fill="${colorOf(g.reason)}" class="seg" data-reason="${esc(g.reason)}">` +
          `<title>${esc(`${g.decision} / ${g.reason}: ${entries(g.count)}, ${formatBytes(g.bytes)}`)}</title></rect>`,
      );
      x += w;
    }
  });
  // legend
  let lx = left;
  let ly = 100;
  for (const g of groups) {
    const label = `${g.decision === 'evict' ? 'evict' : 'keep'}: ${g.reason} (${g.count}, ${formatBytes(g.bytes)})`;
    const w = 22 + label.length * 6.6;
    if (lx + w > W) {
      lx = left;
      ly += 20;
    }
    parts.push(`<rect x="${n(lx)}" y="${ly - 10}" width="12" height="12" fill="${colorOf(g.reason)}"/>`);
    parts.push(`<text x="${n(lx + 16)}" y="${ly}" class="leg">${esc(label)}</text>`);
    lx += w;
  }
  const H = ly + 12;
  return svg('chart-composition', W, H, 'Cache composition by decision and reason, in bytes and in entries', parts);
}

interface Bar {
  label: string;
  value: number;
  text: string;
  color: string;
}
interface Marker {
  label: string;
  value: number;
}

function barsWithMarkers(id: string, title: string, bars: Bar[], max: number, markers: Marker[]): string {
  const W = 760;
  const left = 150;
  const right = 20;
  const bw = W - left - right;
  const top = 22;
  const parts: string[] = [];
  const x = (v: number): number => left + (max > 0 ? Math.min(1, Math.max(0, v / max)) : 0) * bw;
  bars.forEach((b, i) => {
    const y = top + i * 38;
    parts.push(`<text x="${left - 8}" y="${y + 19}" text-anchor="end" class="lbl">${esc(b.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${bw}" height="28" fill="#f0f0f0"/>`);
    parts.push(`<rect x="${left}" y="${y}" width="${n(x(b.value) - left)}" height="28" fill="${b.color}" class="bar"><title>${esc(`${b.label}: ${b.text}`)}</title></rect>`);
    parts.push(`<text x="${n(Math.min(x(b.value) + 6, W - right - 90))}" y="${y + 19}" class="val">${esc(b.text)}</text>`);
  });
  const bottom = top + bars.length * 38;
  markers.forEach((mk, i) => {
    const mx = n(x(mk.value));
    parts.push(`<line x1="${mx}" x2="${mx}" y1="${top - 6}" y2="${bottom}" class="marker"/>`);
    parts.push(`<text x="${mx}" y="${i % 2 === 0 ? top - 9 : bottom + 14}" text-anchor="middle" class="mlbl">${esc(mk.label)}</text>`);
  });
  return svg(id, W, bottom + 22, title, parts);
}

/**
 * Disk use before and after against the threshold and target: filesystem use in percent (with the threshold
 * and target lines for a percentage trigger), and the cache size against a size threshold, or the available
 * space against --min-free.
 */
export function diskChart(doc: PlanDoc): string {
  const t = doc.trigger;
  const b = doc.before;
  const a = doc.after;
  const after = doc.dryRun ? 'after (planned)' : 'after';
  if (t.kind === 'size' && t.threshold !== null) {
    const max = Math.max(b.cacheBytes, t.threshold) * 1.1 || 1;
    const markers: Marker[] = [{ label: `threshold ${formatBytes(t.threshold)}`, value: t.threshold }];
    if (t.target !== null) markers.push({ label: `target ${formatBytes(t.target)}`, value: t.target });
    return barsWithMarkers(
      'chart-disk',
      'Cache size before and after, against the threshold and target',
      [
        { label: 'cache before', value: b.cacheBytes, text: formatBytes(b.cacheBytes), color: '#6b8fb3' },
        { label: `cache ${after}`, value: a.cacheBytes, text: formatBytes(a.cacheBytes), color: '#3a7d44' },
      ],
      max,
      markers,
    );
  }
  if (t.kind === 'min-free' && t.threshold !== null) {
    const max = Math.max(a.diskAvailableBytes, t.threshold) * 1.1 || 1;
    return barsWithMarkers(
      'chart-disk',
      'Available space before and after, against --min-free',
      [
        { label: 'free before', value: b.diskAvailableBytes, text: formatBytes(b.diskAvailableBytes), color: '#6b8fb3' },
        { label: `free ${after}`, value: a.diskAvailableBytes, text: formatBytes(a.diskAvailableBytes), color: '#3a7d44' },
      ],
      max,
      [{ label: `min-free ${formatBytes(t.threshold)}`, value: t.threshold }],
    );
  }
  const markers: Marker[] = [];
  if (t.kind === 'percent' && t.threshold !== null) {
    markers.push({ label: `threshold ${t.threshold}%`, value: t.threshold });
    if (t.target !== null && t.target !== t.threshold) markers.push({ label: `target ${t.target}%`, value: t.target });
  }
  return barsWithMarkers(
    'chart-disk',
    'Filesystem use before and after, against the threshold and target',
    [
      { label: 'disk before', value: b.diskUsedPercent, text: pct(b.diskUsedPercent), color: '#6b8fb3' },
      { label: `disk ${after}`, value: a.diskUsedPercent, text: pct(a.diskUsedPercent), color: '#3a7d44' },
    ],
    100,
    markers,
  );
}

/** An inline SVG chart with its accessible title. */
export function svg(id: string, w: number, h: number, title: string, parts: string[]): string {
  return (
    `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>${parts.join('')}</svg>`
  );
}
