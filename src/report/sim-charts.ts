import { formatBytes } from '../shared/units.js';
import { esc } from './html-charts.js';

/** One line of a miss-ratio chart. */
export interface Series {
  name: string;
  color: string;
  /** SVG stroke-dasharray for the optimum and the bound. */
  dash?: string;
  points: { capacity: number; value: number }[];
}

/** A colour per strategy, the same in every simulate chart. */
export const STRATEGY_COLORS: Record<string, string> = {
  lru: '#1f77b4',
  lfu: '#ff7f0e',
  gdsf: '#2ca02c',
  size: '#d62728',
  age: '#9467bd',
  fifo: '#8c564b',
  arc: '#e377c2',
  sieve: '#7f7f7f',
  s3fifo: '#bcbd22',
  belady: '#111111',
  'pfoo-l': '#17becf',
};

export const strategyColor = (name: string): string => STRATEGY_COLORS[name] ?? '#555555';

const n1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/**
 * Miss ratio (or byte miss ratio) against cache capacity: a line per strategy, the optimum and the bound dashed, and
 * the first-request floor (what no cache avoids) as a grey line. Capacities on a log scale when they span a factor
 * of 4 or more. Every point has a <title> with its figures. Plain SVG: no script, no font, nothing loaded.
 */
export function missRatioChart(id: string, title: string, yLabel: string, series: readonly Series[], floor: number | null): string {
  const W = 760;
  const H = 380;
  const m = { l: 64, r: 170, t: 16, b: 50 };
  const caps = [...new Set(series.flatMap((s) => s.points.map((p) => p.capacity)))].sort((a, b) => a - b);
  const values = series.flatMap((s) => s.points.map((p) => p.value)).concat(floor !== null ? [floor] : []);
  // a little room below the lowest line (often the floor) and above the highest, on 0.05 steps
  let lo = Math.max(0, Math.floor((Math.min(...values, 1) - 0.01) * 20) / 20);
  let hi = Math.min(1, Math.ceil((Math.max(...values, 0) + 0.01) * 20) / 20);
  if (hi - lo < 0.1) {
    lo = Math.max(0, lo - 0.05);
    hi = Math.min(1, lo + 0.1);
  }
  const minC = caps[0] ?? 1;
  const maxC = caps[caps.length - 1] ?? 1;
  const log = minC > 0 && maxC / minC >= 4;
  const plotW = W - m.l - m.r;
  const plotH = H - m.t - m.b;
  const px = (c: number): number => {
    if (caps.length <= 1 || maxC === minC) return m.l + plotW / 2;
    const f = log ? (Math.log(c) - Math.log(minC)) / (Math.log(maxC) - Math.log(minC)) : (c - minC) / (maxC - minC);
    return m.l + 20 + f * (plotW - 40);
  };
  const py = (v: number): number => m.t + (1 - (v - lo) / (hi - lo)) * plotH;
  const parts: string[] = [];
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ccc"/>`);
  const step = hi - lo > 0.5 ? 0.1 : 0.05;
  for (let v = lo; v <= hi + 1e-9; v += step) {
    const y = n1(py(v));
    parts.push(`<line x1="${m.l}" x2="${m.l + plotW}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y}" dy="4" text-anchor="end" class="tick">${v.toFixed(2)}</text>`);
  }
  for (const c of caps) {
    const x = n1(px(c));
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${m.t + plotH}" class="grid"/>`);
    parts.push(`<text x="${x}" y="${m.t + plotH + 16}" text-anchor="middle" class="tick">${esc(formatBytes(c).replace('.0 ', ' '))}</text>`);
  }
  parts.push(`<text x="${m.l + plotW / 2}" y="${H - 10}" text-anchor="middle" class="lbl">cache capacity${log ? ' (log scale)' : ''}</text>`);
  parts.push(`<text transform="translate(16 ${m.t + plotH / 2}) rotate(-90)" text-anchor="middle" class="lbl">${esc(yLabel)}</text>`);
  if (floor !== null) {
    const y = n1(py(floor));
    parts.push(
      `<line x1="${m.l}" x2="${m.l + plotW}" y1="${y}" y2="${y}" stroke="#999" stroke-width="1.5" stroke-dasharray="2 4" class="floor"><title>${esc(`first requests alone: ${floor.toFixed(4)} (no cache avoids these)`)}</title></line>`,
    );
  }
  for (const s of series) {
    const pts = [...s.points].sort((a, b) => a.capacity - b.capacity);
    const d = pts.map((p) => `${n1(px(p.capacity))},${n1(py(p.value))}`).join(' ');
    if (pts.length > 1) {
      parts.push(
        `<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} class="curve" data-strategy="${esc(s.name)}"/>`,
      );
    }
    for (const p of pts) {
      parts.push(
        `<circle cx="${n1(px(p.capacity))}" cy="${n1(py(p.value))}" r="3.5" fill="${s.color}" class="pt" data-strategy="${esc(s.name)}">` +
          `<title>${esc(`${s.name} at ${formatBytes(p.capacity)}: ${p.value.toFixed(4)}`)}</title></circle>`,
      );
    }
  }
  // legend, right of the plot
  const lx = m.l + plotW + 14;
  const legend: { name: string; color: string; dash?: string }[] = [...series];
  if (floor !== null) legend.push({ name: 'first requests', color: '#999', dash: '2 4' });
  legend.forEach((s, i) => {
    const y = m.t + 10 + i * 18;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${lx + 28}" y="${y + 4}" class="leg">${esc(s.name)}</text>`);
  });
  return (
    `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>${parts.join('')}</svg>`
  );
}
