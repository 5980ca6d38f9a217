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

/**
 * Points moved apart so that none hides another: each is placed at its own position if nothing is within `gap`,
 * else at the first free place on a sunflower spiral around it (the golden angle, radius growing with the square
 * root of the step, so a stack of equal points becomes a compact disc around their true position). A grid of
 * `gap`-sized cells keeps each check to the neighbouring cells.
 */
export function spreadPoints(points: readonly { x: number; y: number }[], gap: number): { x: number; y: number }[] {
  const grid = new Map<string, { x: number; y: number }[]>();
  const key = (cx: number, cy: number): string => `${cx},${cy}`;
  const free = (x: number, y: number): boolean => {
    const cx = Math.floor(x / gap);
    const cy = Math.floor(y / gap);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of grid.get(key(cx + dx, cy + dy)) ?? []) if ((q.x - x) ** 2 + (q.y - y) ** 2 < gap * gap) return false;
      }
    }
    return true;
  };
  const golden = Math.PI * (3 - Math.sqrt(5));
  return points.map((p) => {
    let at = { x: p.x, y: p.y };
    for (let k = 1; !free(at.x, at.y) && k < 5000; k++) {
      const r = gap * 0.62 * Math.sqrt(k);
      at = { x: p.x + r * Math.cos(k * golden), y: p.y + r * Math.sin(k * golden) };
    }
    const cell = key(Math.floor(at.x / gap), Math.floor(at.y / gap));
    grid.set(cell, [...(grid.get(cell) ?? []), at]);
    return at;
  });
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
