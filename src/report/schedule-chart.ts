import { esc } from './html-charts.js';

/** One line of a schedule chart: its points (x: interval in seconds) and how to draw it. */
export interface LineSeries {
  name: string;
  color: string;
  dash?: string;
  points: { x: number; y: number; title: string }[];
}

const n1 = (v: number): string => (Math.round(v * 10) / 10).toString();

/** About five round steps covering 0..max, round in `unit`s (1024-multiples for bytes: 10 MiB, not 10,485,760 B). */
function ticks(max: number, unit = 1): number[] {
  if (!(max > 0)) return [0, unit];
  if (unit !== 1) return ticks(max / unit).map((v) => v * unit);
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

/**
 * A line chart against the interval between runs (log scale when the intervals span a factor of 4 or more), y from 0,
 * with optional horizontal limits (the disk, the --max-peak). Plain SVG with a <title> per point: no script.
 */
export function intervalChart(
  id: string,
  title: string,
  yLabel: string,
  series: readonly LineSeries[],
  fmt: { x: (v: number) => string; y: (v: number) => string; yUnit?: (max: number) => number },
  limits: readonly { y: number; label: string }[] = [],
): string {
  const W = 760;
  const H = 360;
  const m = { l: 78, r: 190, t: 16, b: 50 };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const top = Math.max(...series.flatMap((s) => s.points.map((p) => p.y)), ...limits.map((l) => l.y), 0);
  const yt = ticks(top, fmt.yUnit?.(top) ?? 1);
  const hi = yt[yt.length - 1]!;
  const [minX, maxX] = [xs[0] ?? 1, xs[xs.length - 1] ?? 1];
  const log = minX > 0 && maxX / minX >= 4;
  const plotW = W - m.l - m.r;
  const plotH = H - m.t - m.b;
  const px = (x: number): number => {
    if (xs.length <= 1 || maxX === minX) return m.l + plotW / 2;
    const f = log ? Math.log(x / minX) / Math.log(maxX / minX) : (x - minX) / (maxX - minX);
    return m.l + 20 + f * (plotW - 40);
  };
  const py = (y: number): number => m.t + (1 - y / hi) * plotH;
  const parts: string[] = [`<rect x="${m.l}" y="${m.t}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ccc"/>`];
  for (const v of yt) {
    parts.push(`<line x1="${m.l}" x2="${m.l + plotW}" y1="${n1(py(v))}" y2="${n1(py(v))}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${n1(py(v))}" dy="4" text-anchor="end" class="tick">${esc(fmt.y(v))}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${n1(px(x))}" x2="${n1(px(x))}" y1="${m.t}" y2="${m.t + plotH}" class="grid"/>`);
    parts.push(`<text x="${n1(px(x))}" y="${m.t + plotH + 16}" text-anchor="middle" class="tick">${esc(fmt.x(x))}</text>`);
  }
  parts.push(`<text x="${m.l + plotW / 2}" y="${H - 10}" text-anchor="middle" class="lbl">interval between runs${log ? ' (log scale)' : ''}</text>`);
  parts.push(`<text transform="translate(16 ${m.t + plotH / 2}) rotate(-90)" text-anchor="middle" class="lbl">${esc(yLabel)}</text>`);
  for (const l of limits) {
    parts.push(`<line x1="${m.l}" x2="${m.l + plotW}" y1="${n1(py(l.y))}" y2="${n1(py(l.y))}" stroke="#d62728" stroke-dasharray="4 3" class="limit"><title>${esc(l.label)}</title></line>`);
  }
  for (const s of series) {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    if (pts.length > 1) {
      const d = pts.map((p) => `${n1(px(p.x))},${n1(py(p.y))}`).join(' ');
      parts.push(`<polyline points="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} class="curve" data-series="${esc(s.name)}"/>`);
    }
    for (const p of pts) parts.push(`<circle cx="${n1(px(p.x))}" cy="${n1(py(p.y))}" r="3.5" fill="${s.color}" class="pt"><title>${esc(p.title)}</title></circle>`);
  }
  const lx = m.l + plotW + 14;
  series.forEach((s, i) => {
    const y = m.t + 10 + i * 18;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    parts.push(`<text x="${lx + 28}" y="${y + 4}" class="leg">${esc(s.name)}</text>`);
  });
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}
