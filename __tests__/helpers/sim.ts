import type { Policy } from '../../src/sim/types.js';
import type { Req } from './traces.js';

/** Next request index of the same id for each request (Infinity: none), by a plain map walk from the end. */
export function nextUses(reqs: readonly Req[]): number[] {
  const out = new Array<number>(reqs.length);
  const later = new Map<number, number>();
  for (let i = reqs.length - 1; i >= 0; i--) {
    out[i] = later.get(reqs[i]!.id) ?? Infinity;
    later.set(reqs[i]!.id, i);
  }
  return out;
}

/** Replay requests through a policy: which requests hit. */
export function hitsOf(p: Policy, reqs: readonly Req[], next?: readonly number[]): boolean[] {
  return reqs.map((r, i) => p.access(r.id, r.size, r.time, next ? next[i]! : NaN));
}

/** A naive policy for the tests: a function serving one request (i: its index), true on a hit. */
export type Naive = (r: Req, i: number) => boolean;

export function naiveHits(serve: Naive, reqs: readonly Req[]): boolean[] {
  return reqs.map((r, i) => serve(r, i));
}

/** The first request where two hit sequences differ, or -1. */
export function firstDifference(a: readonly boolean[], b: readonly boolean[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

export function summary(reqs: readonly Req[], hits: readonly boolean[]): { missRatio: number; byteMissRatio: number } {
  let miss = 0;
  let missBytes = 0;
  let bytes = 0;
  reqs.forEach((r, i) => {
    bytes += r.size;
    if (!hits[i]) {
      miss++;
      missBytes += r.size;
    }
  });
  return { missRatio: miss / reqs.length, byteMissRatio: missBytes / bytes };
}
