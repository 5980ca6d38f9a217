/**
 * Naive reference policies for the tests: arrays and linear scans, O(cached objects) per request, written from the
 * algorithms' descriptions without the simulator's lists, heaps and tables. Index 0 of an array is the oldest.
 */
import type { Naive } from '../helpers/sim.js';
import { type Req } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

export interface Obj {
  id: number;
  size: number;
  last: number;
  count: number;
  base: number;
  time: number;
  visited: boolean;
}

export const bytes = (xs: readonly { size: number }[]): number => xs.reduce((s, o) => s + o.size, 0);
export const obj = (r: Req, i: number): Obj => ({ id: r.id, size: r.size, last: i, count: 1, base: 0, time: r.time, visited: false });

/** Evict the object `pick` chooses until `r` fits, then add it; true when `r` was cached. */
function evictionCache(cap: number, pick: (items: Obj[]) => number, onHit: (o: Obj, r: Req, i: number) => void, onEvict: (o: Obj) => void = () => undefined, make = obj) {
  const items: Obj[] = [];
  return (r: Req, i: number): boolean => {
    const o = items.find((x) => x.id === r.id);
    if (o) {
      onHit(o, r, i);
      return true;
    }
    if (r.size > cap) return false;
    while (bytes(items) + r.size > cap) {
      const k = pick(items);
      onEvict(items[k]!);
      items.splice(k, 1);
    }
    items.push(make(r, i));
    return false;
  };
}

function argmin(items: readonly Obj[], less: (a: Obj, b: Obj) => boolean): number {
  let k = 0;
  for (let j = 1; j < items.length; j++) if (less(items[j]!, items[k]!)) k = j;
  return k;
}

export const naiveLru = (cap: number): Naive =>
  evictionCache(cap, (xs) => argmin(xs, (a, b) => a.last < b.last), (o, _r, i) => (o.last = i));

export const naiveFifo = (cap: number): Naive => evictionCache(cap, () => 0, () => undefined);

export const naiveLfu = (cap: number): Naive =>
  evictionCache(
    cap,
    (xs) => argmin(xs, (a, b) => a.count < b.count || (a.count === b.count && a.last < b.last)),
    (o, _r, i) => {
      o.count++;
      o.last = i;
    },
  );

export const naiveSize = (cap: number): Naive =>
  evictionCache(
    cap,
    (xs) => argmin(xs, (a, b) => a.size > b.size || (a.size === b.size && a.last < b.last)),
    (o, _r, i) => (o.last = i),
  );

export function naiveGdsf(cap: number): Naive {
  let L = 0;
  const pri = (o: Obj): number => o.base + o.count / (Math.max(1, o.size) / MiB);
  return evictionCache(
    cap,
    (xs) => argmin(xs, (a, b) => pri(a) < pri(b) || (pri(a) === pri(b) && a.last < b.last)),
    (o, _r, i) => {
      o.count++;
      o.base = L;
      o.last = i;
    },
    (victim) => (L = pri(victim)),
    (r, i) => ({ ...obj(r, i), base: L }),
  );
}

/** Nova's rule: before each request, drop the least recently used while it has been idle max-age; else LRU. */
export function naiveAge(cap: number, maxAge: number): Naive {
  const items: Obj[] = [];
  return (r, i) => {
    for (;;) {
      const k = argmin(items, (a, b) => a.last < b.last);
      if (items.length === 0 || !(r.time - items[k]!.time >= maxAge)) break;
      items.splice(k, 1);
    }
    const o = items.find((x) => x.id === r.id);
    if (o) {
      o.last = i;
      o.time = r.time;
      return true;
    }
    if (r.size > cap) return false;
    while (bytes(items) + r.size > cap) items.splice(argmin(items, (a, b) => a.last < b.last), 1);
    items.push(obj(r, i));
    return false;
  };
}

/** SIEVE: FIFO order, visited bits, a hand moving from old to new and wrapping. */
export function naiveSieve(cap: number): Naive {
  const items: Obj[] = [];
  let hand: Obj | null = null;
  return (r, i) => {
    const o = items.find((x) => x.id === r.id);
    if (o) {
      o.visited = true;
      return true;
    }
    if (r.size > cap) return false;
    while (bytes(items) + r.size > cap) {
      let k = hand ? items.indexOf(hand) : 0;
      while (items[k]!.visited) {
        items[k]!.visited = false;
        k = k + 1 < items.length ? k + 1 : 0;
      }
      hand = k + 1 < items.length ? items[k + 1]! : null;
      items.splice(k, 1);
    }
    items.push(obj(r, i));
    return false;
  };
}

/** Belady: evict the cached object requested again farthest in the future (never: first), found by scanning ahead. */
export function naiveBelady(cap: number, reqs: readonly Req[]): Naive {
  const items: Obj[] = [];
  const nextUse = (id: number, after: number): number => {
    for (let j = after + 1; j < reqs.length; j++) if (reqs[j]!.id === id) return j;
    return Infinity;
  };
  return (r, i) => {
    const o = items.find((x) => x.id === r.id);
    if (o) {
      o.last = i;
      return true;
    }
    if (r.size > cap) return false;
    while (bytes(items) + r.size > cap) {
      let k = 0;
      let far = -1;
      items.forEach((x, j) => {
        const nu = nextUse(x.id, i);
        // ties (never requested again): the one cached longest, as the simulator's heap breaks them
        if (nu > far || (nu === far && x.last < items[k]!.last)) {
          far = nu;
          k = j;
        }
      });
      items.splice(k, 1);
    }
    items.push(obj(r, i));
    return false;
  };
}
