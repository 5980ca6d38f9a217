/**
 * Names a person mistyped: the registries and the command line match a given name against known ones, forgiving
 * case where that is unambiguous and suggesting the nearest when nothing matches.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1 each. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

const commonPrefix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * The known name closest to `given`, or undefined when none is close enough to be a typo: one edit for names of up
 * to four letters, two for longer ones (so `pln` finds `plan` but `cache` finds nothing). Ties go to the longer
 * common prefix: `pln` is one edit from both `plan` and `pin`, and a person who typed `pl` meant `plan`.
 */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  const g = given.toLowerCase();
  const limit = g.length <= 4 ? 1 : 2;
  let best: { name: string; dist: number; prefix: number } | undefined;
  for (const name of known) {
    const dist = editDistance(g, name.toLowerCase());
    if (dist > limit) continue;
    const prefix = commonPrefix(g, name.toLowerCase());
    if (!best || dist < best.dist || (dist === best.dist && prefix > best.prefix)) best = { name, dist, prefix };
  }
  return best?.name;
}

/** `given` itself when known, else the one known name equal to it ignoring case (`LRU` for `lru`), else undefined. */
export function matchName(given: string, known: readonly string[]): string | undefined {
  if (known.includes(given)) return given;
  const folded = known.filter((n) => n.toLowerCase() === given.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}
