import stringWidth from 'string-width';
import { ELLIPSIS, ellipsizeMiddle, graphemes } from './fit.js';

/** Head lengths to try, the balanced one first, then alternately one more to the end and to the start. */
function splits(room: number): number[] {
  const mid = Math.floor(room / 2);
  const out = [mid];
  for (let d = 1; out.length <= room; d++) {
    if (mid - d >= 0) out.push(mid - d);
    if (mid + d <= room) out.push(mid + d);
  }
  return out;
}

/** The graphemes of `g` inside the ranges [from, to), an ellipsis for each run left out. */
function keep(g: readonly string[], ranges: readonly (readonly [number, number])[]): string {
  const kept = new Array<boolean>(g.length).fill(false);
  for (const [a, b] of ranges) for (let i = Math.max(0, a); i < Math.min(b, g.length); i++) kept[i] = true;
  let out = '';
  let gap = false;
  g.forEach((c, i) => {
    if (!kept[i]) {
      gap = true;
      return;
    }
    if (gap) out += ELLIPSIS;
    out += c;
    gap = false;
  });
  return gap ? out + ELLIPSIS : out;
}

function commonEnds(gs: readonly string[][]): { prefix: number; suffix: number } {
  const shortest = Math.min(...gs.map((g) => g.length));
  let prefix = 0;
  while (prefix < shortest && gs.every((g) => g[prefix] === gs[0]![prefix])) prefix++;
  let suffix = 0;
  const at = (g: string[], k: number): string | undefined => g[g.length - 1 - k];
  while (suffix < shortest - prefix && gs.every((g) => at(g, suffix) === at(gs[0]!, suffix))) suffix++;
  return { prefix, suffix };
}

/**
 * Names that share a long start and end (`build-…-version-1.2.3-linux-x86_64.tar.gz`, `…-1.2.4-…`), too narrow
 * for any one cut to tell apart: each shown as a little of the start, the part where they differ with a little
 * before it, and a little of the end (`bu…1.2.3…gz`). Every name keeps its whole differing part and the same
 * amount of the shared text, so different names stay different. Undefined when even the differing parts do not fit.
 */
function byDifference(group: readonly string[], cols: number): string[] | undefined {
  const gs = group.map(graphemes);
  const { prefix, suffix } = commonEnds(gs);
  const show = (head: number, before: number, tail: number): string[] =>
    gs.map((g) => keep(g, [[0, head], [prefix - before, g.length - suffix], [g.length - tail, g.length]]));
  const fits = (xs: string[]): boolean => xs.every((x) => stringWidth(x) <= cols);
  const n = [0, 0, 0];
  let best = show(0, 0, 0);
  if (!fits(best)) return undefined;
  // One more grapheme of context at a time, before the difference first (a version's "1.2."), then the end, then the start.
  for (let grew = true; grew; ) {
    grew = false;
    for (const k of [1, 2, 0]) {
      const next = [...n];
      next[k]!++;
      const cand = show(next[0]!, next[1]!, next[2]!);
      if (!fits(cand) || cand.every((c, i) => c === best[i])) continue;
      n[k] = next[k]!;
      best = cand;
      grew = true;
    }
  }
  return best;
}

/**
 * A column of names shortened in the middle so that different names stay different where the width allows:
 * names whose balanced shortenings coincide (`abc…xyz` for `abc1xyz` and `abc2xyz`) are cut elsewhere, at the
 * split nearest the middle that tells that group apart, or else around the part where they differ. Equal names
 * stay equal.
 */
export function shortenDistinct(texts: readonly string[], cols: number): string[] {
  const out = texts.map((t) => ellipsizeMiddle(t, cols));
  const groups = new Map<string, Set<string>>();
  texts.forEach((t, i) => {
    const g = groups.get(out[i]!) ?? new Set<string>();
    g.add(t);
    groups.set(out[i]!, g);
  });
  for (const names of groups.values()) {
    if (names.size < 2) continue;
    const list = [...names];
    const head = splits(cols - 1).find((h) => new Set(list.map((t) => ellipsizeMiddle(t, cols, h))).size === list.length);
    const shown = head !== undefined ? list.map((t) => ellipsizeMiddle(t, cols, head)) : byDifference(list, cols);
    if (!shown) continue;
    const of = new Map(list.map((t, i) => [t, shown[i]!]));
    texts.forEach((t, i) => {
      if (of.has(t)) out[i] = of.get(t)!;
    });
  }
  return out;
}
