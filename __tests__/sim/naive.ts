/**
 * Naive reference policies for the tests: arrays and linear scans, O(cached objects) per request, written from the
 * algorithms' descriptions without the simulator's lists, heaps and tables. Index 0 of an array is the oldest.
 */
import type { Naive } from '../helpers/sim.js';
import { type Req } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

interface Obj {
  id: number;
  size: number;
  last: number;
  count: number;
  base: number;
  time: number;
  visited: boolean;
}

const bytes = (xs: readonly { size: number }[]): number => xs.reduce((s, o) => s + o.size, 0);
const obj = (r: Req, i: number): Obj => ({ id: r.id, size: r.size, last: i, count: 1, base: 0, time: r.time, visited: false });

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

/** ARC in bytes, as src/sim/policies/arc.ts describes it, on four arrays. */
export function naiveArc(c: number): Naive {
  const T1: Obj[] = [];
  const T2: Obj[] = [];
  const B1: Obj[] = [];
  const B2: Obj[] = [];
  let p = 0;
  const find = (xs: Obj[], id: number): number => xs.findIndex((o) => o.id === id);
  const total = (): number => bytes(T1) + bytes(T2) + bytes(B1) + bytes(B2);
  const replace = (inB2: boolean): void => {
    if (T1.length > 0 && (bytes(T1) > p || (inB2 && bytes(T1) === p) || T2.length === 0)) B1.push(T1.shift()!);
    else B2.push(T2.shift()!);
  };
  const trim = (): void => {
    while (bytes(T1) + bytes(B1) > c && B1.length > 0) B1.shift();
    while (total() > 2 * c && B2.length > 0) B2.shift();
  };
  return (r, i) => {
    let k = find(T1, r.id);
    if (k >= 0) {
      T2.push(T1.splice(k, 1)[0]!);
      return true;
    }
    k = find(T2, r.id);
    if (k >= 0) {
      T2.push(T2.splice(k, 1)[0]!);
      return true;
    }
    const k1 = find(B1, r.id);
    const k2 = find(B2, r.id);
    if (k1 >= 0 || k2 >= 0) {
      if (r.size > c) return false;
      if (k1 >= 0) {
        p = Math.min(c, p + Math.max(bytes(B1) > 0 ? bytes(B2) / bytes(B1) : 1, 1) * r.size);
        B1.splice(k1, 1);
      } else {
        p = Math.max(0, p - Math.max(bytes(B2) > 0 ? bytes(B1) / bytes(B2) : 1, 1) * r.size);
        B2.splice(k2, 1);
      }
      while (bytes(T1) + bytes(T2) + r.size > c) replace(k2 >= 0);
      T2.push(obj(r, i));
      trim();
      return false;
    }
    if (r.size > c) return false;
    if (bytes(T1) + bytes(B1) + r.size > c) {
      while (bytes(T1) + bytes(B1) + r.size > c && B1.length > 0) B1.shift();
    } else {
      while (total() + r.size > 2 * c && B2.length > 0) B2.shift();
    }
    while (bytes(T1) + bytes(T2) + r.size > c) replace(false);
    T1.push(obj(r, i));
    trim();
    return false;
  };
}

/** ARC exactly as the paper's pseudo-code (Megiddo and Modha, FAST 2003, Fig. 4), for unit sizes: c objects. */
export function paperArc(c: number): Naive {
  const T1: number[] = [];
  const T2: number[] = [];
  const B1: number[] = [];
  const B2: number[] = [];
  let p = 0;
  const replace = (inB2: boolean): void => {
    if (T1.length >= 1 && (T1.length > p || (inB2 && T1.length === p))) B1.push(T1.shift()!);
    else B2.push(T2.shift()!);
  };
  const drop = (xs: number[], x: number): void => void xs.splice(xs.indexOf(x), 1);
  return (r) => {
    const x = r.id;
    if (T1.includes(x) || T2.includes(x)) {
      drop(T1.includes(x) ? T1 : T2, x);
      T2.push(x);
      return true;
    }
    if (B1.includes(x)) {
      p = Math.min(p + (B1.length >= B2.length ? 1 : B2.length / B1.length), c);
      replace(false);
      drop(B1, x);
      T2.push(x);
      return false;
    }
    if (B2.includes(x)) {
      p = Math.max(p - (B2.length >= B1.length ? 1 : B1.length / B2.length), 0);
      replace(true);
      drop(B2, x);
      T2.push(x);
      return false;
    }
    const l1 = T1.length + B1.length;
    const all = l1 + T2.length + B2.length;
    if (l1 === c) {
      if (T1.length < c) {
        B1.shift();
        replace(false);
      } else T1.shift();
    } else if (all >= c) {
      if (all === 2 * c) B2.shift();
      replace(false);
    }
    T1.push(x);
    return false;
  };
}

/** S3-FIFO in bytes, as src/sim/policies/s3fifo.ts describes it, on three arrays. */
export function naiveS3Fifo(c: number): Naive {
  const sCap = Math.floor(c * 0.1);
  const mCap = c - sCap;
  const S: Obj[] = [];
  const M: Obj[] = [];
  const G: Obj[] = [];
  const evictM = (): void => {
    while (M.length > 0) {
      const t = M.shift()!;
      if (t.count > 0) {
        t.count--;
        M.push(t);
      } else return;
    }
  };
  const evictS = (): void => {
    while (S.length > 0) {
      const t = S.shift()!;
      if (t.count > 1) {
        t.count = 0;
        M.push(t);
        if (bytes(M) > mCap) evictM();
      } else {
        G.push(t);
        while (bytes(G) > mCap && G.length > 0) G.shift();
        return;
      }
    }
  };
  return (r, i) => {
    const o = S.find((x) => x.id === r.id) ?? M.find((x) => x.id === r.id);
    if (o) {
      o.count = Math.min(3, o.count + 1);
      return true;
    }
    if (r.size > c) return false;
    const g = G.findIndex((x) => x.id === r.id);
    if (g >= 0) G.splice(g, 1);
    while (bytes(S) + bytes(M) + r.size > c) {
      if ((bytes(S) >= sCap && S.length > 0) || M.length === 0) evictS();
      else evictM();
    }
    (g >= 0 ? M : S).push({ ...obj(r, i), count: 0 });
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
