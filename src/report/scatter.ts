import { formatBytes, formatDuration } from '../shared/units.js';
import { colorOf, esc, svg } from './html-charts.js';
import type { EntryDoc, PlanDoc } from './plan-schema.js';

const n = (v: number): string => (Math.round(v * 10) / 10).toString();

const POWERS = [1, 1024, 1024 ** 2, 1024 ** 3, 1024 ** 4, 1024 ** 5];

/** Size ticks between lo and hi: powers of 1024, with 10x and 100x steps when the range is narrow. */
function sizeTicks(lo: number, hi: number): number[] {
  const all = POWERS.flatMap((p) => [p, 10 * p, 100 * p]).filter((t) => t >= lo && t <= hi);
  return all.length > 8 ? POWERS.filter((t) => t >= lo && t <= hi) : all;
}

const DAY = 86400;
/** Idle ticks (seconds) a person reads at a glance; past a year, whole years. */
const IDLE_TICKS = [1, 60, 600, 3600, 6 * 3600, DAY, 7 * DAY, 30 * DAY, 365 * DAY, ...[2, 5, 10, 20, 50].map((y) => y * 365 * DAY)];

/**
 * The idle axis, log scale: from the first tick at or below the shortest idle time (a minute at most) to the first
 * tick above the longest one with room to spare (at least a quarter of a decade), and past max-age. The old axis
 * ended 20% past the oldest entry: on a log scale that is the edge, where a column of entries idle 10d sat pressed
 * against the frame.
 */
export function idleAxis(idleSeconds: readonly number[], maxAge: number): { lo: number; hi: number; ticks: number[] } {
  const shortest = Math.min(60, ...idleSeconds);
  const longest = Math.max(DAY, maxAge, ...idleSeconds);
  const lo = [...IDLE_TICKS].reverse().find((t) => t <= shortest) ?? 1;
  const hi = IDLE_TICKS.find((t) => t >= longest * 10 ** 0.25) ?? longest * 10 ** 0.5;
  return { lo: Math.log10(lo), hi: Math.log10(hi), ticks: IDLE_TICKS.filter((t) => t >= lo && t <= hi) };
}

/** Steps of the sunflower spiral a point may take; past the last one it stays there, free or not. */
const SPIRAL_STEPS = 5000;

/**
 * Points moved apart so that none hides another: each is placed at its own position if nothing is within `gap`,
 * else at the first free place on a sunflower spiral around it (the golden angle, radius growing with the square
 * root of the step, so a stack of equal points becomes a compact disc around their true position). A grid of
 * `gap`-sized cells keeps each check to the neighbouring cells.
 *
 * A point whose position equals an earlier one's resumes that one's spiral one step past where it was placed: the
 * steps before were taken when the earlier point looked, and a place once taken stays taken (points are only ever
 * added). Starting each spiral from step 0 made the i-th of n equal points walk past the i-1 before it (4,000 equal
 * points: 4.7 s); now each step is walked once per distinct position. Points that are near but not equal still
 * walk from step 0, since a place taken around one says nothing exact about the places around the other.
 */
export function spreadPoints(points: readonly { x: number; y: number }[], gap: number): { x: number; y: number }[] {
  const grid = new PointGrid(gap);
  const { dx, dy } = spiralOffsets(gap);
  const resume = new Map<number, Map<number, number>>();
  return points.map((p) => {
    let k = resume.get(p.x)?.get(p.y) ?? 0;
    // step k at p.x + r cos: the same floating-point operations as when the offset was computed in the loop
    let x = k === 0 ? p.x : p.x + dx[k]!;
    let y = k === 0 ? p.y : p.y + dy[k]!;
    while (k < SPIRAL_STEPS - 1 && !grid.free(x, y)) {
      k++;
      x = p.x + dx[k]!;
      y = p.y + dy[k]!;
    }
    const at = { x, y };
    grid.add(at);
    // a point takes its own place only where its distance to itself (0) is under the gap: not with a gap of 0 or
    // NaN, nor at NaN or an infinity (NaN away from anything), so the next equal point must look at this step again
    if (gap * gap > 0 && Number.isFinite(x) && Number.isFinite(y)) setIn(resume, p.x, p.y, Math.min(k + 1, SPIRAL_STEPS - 1));
    return at;
  });
}

/** The spiral's offsets by step: `r cos(k golden)`, `r sin(k golden)` with r = 0.62 gap sqrt(k). */
function spiralOffsets(gap: number): { dx: Float64Array; dy: Float64Array } {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const dx = new Float64Array(SPIRAL_STEPS);
  const dy = new Float64Array(SPIRAL_STEPS);
  for (let k = 1; k < SPIRAL_STEPS; k++) {
    const r = gap * 0.62 * Math.sqrt(k);
    dx[k] = r * Math.cos(k * golden);
    dy[k] = r * Math.sin(k * golden);
  }
  return { dx, dy };
}

function setIn<V>(m: Map<number, Map<number, V>>, a: number, b: number, v: V): void {
  let row = m.get(a);
  if (!row) m.set(a, (row = new Map()));
  row.set(b, v);
}

const SPAN = 2 ** 25;
/** One key per cell: a number while the cell's coordinates are small integers (exact), else their text. */
const cellKey = (cx: number, cy: number): number | string =>
  Math.abs(cx) < SPAN / 2 && Math.abs(cy) < SPAN / 2 ? cx * SPAN + cy : `${cx},${cy}`;

/** Placed points by `gap`-sized cell (`Math.floor(v / gap)`): a point within `gap` is in the 3x3 cells around. */
class PointGrid {
  private readonly cells = new Map<number | string, { x: number; y: number }[]>();
  private readonly g2: number;
  constructor(private readonly gap: number) {
    this.g2 = gap * gap;
  }

  free(x: number, y: number): boolean {
    const cx = Math.floor(x / this.gap);
    const cy = Math.floor(y / this.gap);
    for (let i = -1; i <= 1; i++) {
      for (let j = -1; j <= 1; j++) {
        const cell = this.cells.get(cellKey(cx + i, cy + j));
        if (cell) for (const q of cell) if ((q.x - x) ** 2 + (q.y - y) ** 2 < this.g2) return false;
      }
    }
    return true;
  }

  add(p: { x: number; y: number }): void {
    const key = cellKey(Math.floor(p.x / this.gap), Math.floor(p.y / this.gap));
    const cell = this.cells.get(key);
    if (cell) cell.push(p);
    else this.cells.set(key, [p]);
  }
}

/** At most `limit` entries: every victim and the largest of the rest. */
function sample(entries: EntryDoc[], limit: number): EntryDoc[] {
  if (entries.length <= limit) return entries;
  const victims = entries.filter((e) => e.decision === 'evict');
  const rest = entries.filter((e) => e.decision !== 'evict').sort((a, b) => b.bytes - a.bytes);
  return [...victims, ...rest].slice(0, limit);
}

/**
 * Sizes against idle time, both on log scales: one point per entry (at most `limit`: every victim and the
 * largest of the rest), coloured by reason; victims drawn with a dark ring. A dashed line marks max-age. Entries
 * at the same idle time and size (nine images pulled together, never used since) are spread around their place,
 * so that every entry is a dot of its own; each dot's <title> has the exact figures.
 */
export function scatterChart(doc: PlanDoc, limit = 4000): { svg: string; shown: number; spread: number } {
  const W = 760;
  const H = 360;
  const m = { l: 70, r: 20, t: 14, b: 46 };
  const entries = sample(doc.entries, limit);
  const idle = (e: EntryDoc): number => Math.max(1, e.idleSeconds);
  const size = (e: EntryDoc): number => Math.max(1, e.bytes);
  const maxAge = doc.trigger.maxAgeSeconds ?? 0;
  const xAxis = idleAxis(entries.map(idle), maxAge);
  const ys = entries.map(size);
  const y0 = ys.length ? Math.log10(Math.min(...ys) / 2) : 0;
  const y1 = ys.length ? Math.log10(Math.max(...ys) * 2) : 6;
  const px = (v: number): number => m.l + ((Math.log10(v) - xAxis.lo) / (xAxis.hi - xAxis.lo)) * (W - m.l - m.r);
  const py = (v: number): number => H - m.b - ((Math.log10(v) - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="#fafafa" stroke="#ccc"/>`];
  for (const t of xAxis.ticks) {
    const x = n(px(t));
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${H - m.b}" class="grid"/>`);
    parts.push(`<text x="${x}" y="${H - m.b + 16}" text-anchor="middle" class="tick">${esc(formatDuration(t * 1000))}</text>`);
  }
  for (const t of sizeTicks(10 ** y0, 10 ** y1)) {
    const y = n(py(t));
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y}" dy="4" text-anchor="end" class="tick">${esc(formatBytes(t).replace('.0', ''))}</text>`);
  }
  if (maxAge > 0) {
    const x = n(px(maxAge));
    parts.push(`<line x1="${x}" x2="${x}" y1="${m.t}" y2="${H - m.b}" class="marker"/>`);
    parts.push(`<text x="${x}" y="${m.t + 12}" dx="4" class="mlbl">max-age ${esc(formatDuration(maxAge * 1000))}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle" class="lbl">idle time (log scale)</text>`);
  parts.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle" class="lbl">size (log scale)</text>`);
  // victims first, so that they keep their true place and the kept entries around them give way; drawn last, on top
  const ordered = [...entries].sort((a, b) => (a.decision === b.decision ? 0 : a.decision === 'evict' ? -1 : 1));
  const placed = spreadPoints(ordered.map((e) => ({ x: px(idle(e)), y: py(size(e)) })), 9);
  const dots = ordered.map((e, i) => {
    const evict = e.decision === 'evict';
    return (
      `<circle cx="${n(placed[i]!.x)}" cy="${n(placed[i]!.y)}" r="${evict ? 4.5 : 4}" fill="${colorOf(e.reason)}" ${evict ? 'stroke="#222" stroke-width="1.5"' : 'fill-opacity="0.8" stroke="#fff" stroke-width="0.8"'} class="pt ${evict ? 'evict' : 'keep'}">` +
      `<title>${esc(`${e.name}: ${formatBytes(e.bytes)}, idle ${formatDuration(e.idleSeconds * 1000)}, ${e.decision} (${e.reason})`)}</title></circle>`
    );
  });
  parts.push(...dots.reverse());
  const spread = placed.filter((p, i) => p.x !== px(idle(ordered[i]!)) || p.y !== py(size(ordered[i]!))).length;
  return { svg: svg('chart-scatter', W, H, 'Entry sizes against idle time', parts), shown: entries.length, spread };
}
