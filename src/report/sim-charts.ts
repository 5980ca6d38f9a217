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

/** Dash patterns, one per strategy in the order given, so that curves of close colours still differ (solid first). */
export const DASHES = ['', '9 3', '1 3', '12 3 2 3', '5 5', '2 2 8 2', '14 5', '3 6', '6 2 2 2 2 2'];

/** Curves with the same points: drawn once, labelled with every name (`lru = age`), since one would hide the others. */
export interface CurveGroup {
  names: string[];
  color: string;
  dash: string;
  points: { capacity: number; value: number }[];
}

/** The series grouped by identical points, each group styled as its first series (given dash, else the next pattern). */
export function groupCurves(series: readonly Series[]): CurveGroup[] {
  const groups = new Map<string, CurveGroup>();
  let next = 0;
  for (const s of series) {
    const points = [...s.points].sort((a, b) => a.capacity - b.capacity);
    const key = JSON.stringify(points.map((p) => [p.capacity, p.value]));
    const g = groups.get(key);
    if (g) g.names.push(s.name);
    else groups.set(key, { names: [s.name], color: s.color, dash: s.dash ?? DASHES[next++ % DASHES.length]!, points });
  }
  return [...groups.values()];
}

/** Label positions at least `gap` apart, each as near its wish as that allows, within [lo, hi]. */
export function spreadLabels(wish: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wish.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const ys = order.map((o) => o.y);
  for (let k = 0; k < ys.length; k++) ys[k] = Math.max(ys[k]!, k > 0 ? ys[k - 1]! + gap : lo);
  // pushed past the bottom: pull the tail back up, keeping the gaps
  for (let k = ys.length - 1; k >= 0; k--) ys[k] = Math.min(ys[k]!, k < ys.length - 1 ? ys[k + 1]! - gap : hi);
  const out = new Array<number>(wish.length);
  order.forEach((o, k) => (out[o.i] = ys[k]!));
  return out;
}

interface Frame {
  px: (capacity: number) => number;
  py: (value: number) => number;
  right: number;
  top: number;
  bottom: number;
}

const dashAttr = (dash: string): string => (dash ? ` stroke-dasharray="${dash}"` : '');

/**
 * Every curve with its points, and its name at its right end: a sample of its line then its names, in its colour,
 * moved apart from the others where curves end close together (a thin leader joins a moved label to its curve).
 */
function curvesWithLabels(groups: readonly CurveGroup[], f: Frame, floor: { y: number } | null): string[] {
  const parts: string[] = [];
  for (const g of groups) {
    const d = g.points.map((p) => `${n1(f.px(p.capacity))},${n1(f.py(p.value))}`).join(' ');
    const names = esc(g.names.join(' = '));
    if (g.points.length > 1) parts.push(`<polyline points="${d}" fill="none" stroke="${g.color}" stroke-width="2"${dashAttr(g.dash)} class="curve" data-strategy="${names}"/>`);
    for (const p of g.points) {
      parts.push(
        `<circle cx="${n1(f.px(p.capacity))}" cy="${n1(f.py(p.value))}" r="3.5" fill="${g.color}" class="pt" data-strategy="${names}">` +
          `<title>${esc(`${g.names.join(' = ')} at ${formatBytes(p.capacity)}: ${p.value.toFixed(4)}`)}</title></circle>`,
      );
    }
  }
  const ends = groups.map((g) => g.points[g.points.length - 1]!);
  const labels = [...groups.map((g) => ({ text: g.names.join(' = '), color: g.color, dash: g.dash })), ...(floor ? [{ text: 'first requests', color: '#999', dash: '2 4' }] : [])];
  const wish = [...ends.map((p) => f.py(p.value)), ...(floor ? [floor.y] : [])];
  const ys = spreadLabels(wish, 14, f.top + 6, f.bottom - 4);
  labels.forEach((l, i) => {
    const x = f.right + 10;
    const y = ys[i]!;
    const from = i < ends.length ? { x: f.px(ends[i]!.capacity), y: wish[i]! } : { x: f.right, y: wish[i]! };
    if (Math.abs(y - wish[i]!) > 1) parts.push(`<line x1="${n1(from.x + 4)}" y1="${n1(from.y)}" x2="${n1(x - 2)}" y2="${n1(y)}" stroke="${l.color}" stroke-width="0.8" class="leader"/>`);
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${n1(y)}" y2="${n1(y)}" stroke="${l.color}" stroke-width="2"${dashAttr(l.dash)}/>`);
    parts.push(`<text x="${x + 27}" y="${n1(y + 4)}" class="leg end-label" fill="${l.color}">${esc(l.text)}</text>`);
  });
  return parts;
}

/**
 * Miss ratio (or byte miss ratio) against cache capacity: a line per strategy, each with a dash pattern of its own
 * and its name at its right end (curves that coincide, as lru and age do when nothing expires, are one line named
 * `lru = age`: a legend of nine similar colours hid them), the optimum and the bound dashed, and the first-request
 * floor (what no cache avoids) as a grey line. Capacities on a log scale when they span a factor of 4 or more.
 * Every point has a <title> with its figures. Plain SVG: no script, no font, nothing loaded.
 */
export function missRatioChart(id: string, title: string, yLabel: string, series: readonly Series[], floor: number | null): string {
  const W = 760;
  const H = 380;
  const m = { l: 64, r: 190, t: 16, b: 50 };
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
  const frame: Frame = { px, py, right: m.l + plotW, top: m.t, bottom: m.t + plotH };
  parts.push(...curvesWithLabels(groupCurves(series), frame, floor !== null ? { y: py(floor) } : null));
  return (
    `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>${parts.join('')}</svg>`
  );
}
