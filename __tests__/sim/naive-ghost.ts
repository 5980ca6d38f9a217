/**
 * Naive references of the two policies with ghost lists, ARC and S3-FIFO, as libCacheSim has them (their files in
 * src/sim/policies describe them), on plain arrays; and ARC as the paper's pseudo-code for unit sizes.
 */
import type { Naive } from '../helpers/sim.js';
import { bytes, obj, type Obj } from './naive.js';

/** ARC in bytes as libCacheSim has it (src/sim/policies/arc.ts describes it), on four arrays. */
export function naiveArc(c: number): Naive {
  const T1: Obj[] = [];
  const T2: Obj[] = [];
  const B1: Obj[] = [];
  const B2: Obj[] = [];
  let p = 0;
  let lastGhostB2 = false;
  const find = (xs: Obj[], id: number): number => xs.findIndex((o) => o.id === id);
  const replace = (): void => {
    const t1 = bytes(T1);
    if ((t1 > 0 && (t1 > p || (t1 === p && lastGhostB2))) || bytes(T2) === 0) B1.push(T1.shift()!);
    else B2.push(T2.shift()!);
  };
  return (r, i) => {
    let k = find(T1, r.id);
    if (k >= 0) {
      lastGhostB2 = false;
      T2.push(T1.splice(k, 1)[0]!);
      return true;
    }
    k = find(T2, r.id);
    if (k >= 0) {
      lastGhostB2 = false;
      T2.push(T2.splice(k, 1)[0]!);
      return true;
    }
    const k1 = find(B1, r.id);
    const k2 = find(B2, r.id);
    if (k1 >= 0 || k2 >= 0) {
      lastGhostB2 = k2 >= 0;
      if (k1 >= 0) {
        p = Math.min(c, p + Math.max(bytes(B2) / bytes(B1), 1));
        B1.splice(k1, 1);
      } else {
        p = Math.max(0, p - Math.max(bytes(B1) / bytes(B2), 1));
        B2.splice(k2, 1);
      }
      if (r.size > c) return false;
      while (bytes(T1) + bytes(T2) + r.size > c) replace();
      T2.push(obj(r, i));
      lastGhostB2 = false;
      return false;
    }
    if (r.size > c) return false;
    while (bytes(T1) + bytes(T2) + r.size > c) {
      if (bytes(T1) + bytes(B1) + r.size > c) {
        if (bytes(B1) === 0) {
          T1.shift();
          continue;
        }
        B1.shift();
      } else if (bytes(T1) + bytes(T2) + bytes(B1) + bytes(B2) >= 2 * c && bytes(B2) > 0) B2.shift();
      replace();
    }
    T1.push(obj(r, i));
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

/** S3-FIFO in bytes as libCacheSim has it (src/sim/policies/s3fifo.ts describes it), on three arrays. */
export function naiveS3Fifo(c: number): Naive {
  const sCap = Math.floor(c * 0.1);
  const mCap = c - sCap;
  const gCap = Math.floor(c * 0.9);
  const S: Obj[] = [];
  const M: Obj[] = [];
  const G: Obj[] = [];
  const evictM = (): void => {
    while (M.length > 0) {
      const t = M.shift()!;
      if (t.count > 0) {
        t.count = Math.min(t.count, 3) - 1;
        M.push(t);
      } else return;
    }
  };
  const evictS = (): void => {
    while (S.length > 0) {
      const t = S.shift()!;
      if (t.count >= 2) {
        t.count = 0;
        M.push(t);
      } else {
        if (t.size > gCap) return;
        while (bytes(G) + t.size > gCap) G.shift();
        G.push(t);
        return;
      }
    }
  };
  return (r, i) => {
    const o = S.find((x) => x.id === r.id) ?? M.find((x) => x.id === r.id);
    if (o) {
      o.count++;
      return true;
    }
    const g = G.findIndex((x) => x.id === r.id);
    if (g >= 0) G.splice(g, 1);
    if (r.size > sCap) return false;
    while (bytes(S) + bytes(M) + r.size > c) {
      if (bytes(M) > mCap || bytes(S) === 0) evictM();
      else evictS();
    }
    if (g < 0 && r.size >= sCap) return false;
    (g >= 0 ? M : S).push({ ...obj(r, i), count: 0 });
    return false;
  };
}
