#!/usr/bin/env node
// A synthetic block-I/O trace, the same on every run and every machine: the simulator's tests replay it, and
// libCacheSim's figures for it (README.md here) are the reference the tests compare against.
//
//   node data/traces/blockio.mjs > blockio.csv      (CSV: time,id,size)
//
// Why not a real one: the CloudPhysics sample that comes with libCacheSim is GPL-3.0 and this project is Apache-2.0.
// What it imitates is that sample's character: block addresses as ids, each with one size from 512 B to 68 KiB (small
// random I/O mostly 4-8 KiB, sequential I/O 60-68 KiB), a skewed hot set, one-off random reads, and sequential scans,
// some of which re-read an earlier range (a backup, a periodic job) — the pattern that floods LRU and that scan-
// resistant policies (ARC, S3-FIFO, SIEVE) are built for.
//
// Everything is integer arithmetic on a 32-bit PRNG (no Math.random, no Math.pow or Math.log, whose last bit a
// JavaScript engine may change): the text is a function of SEED alone, and the README pins its SHA-256.

import { pathToFileURL } from 'node:url';

export const SEED = 0x5eed_b10c;
export const REQUESTS = 100_000;

/** mulberry32: a u32 per call. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A u32 hash of an id: an object's size depends on its id only, so an id never changes size. */
function hash(id) {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** [bytes, weight]: random I/O is mostly small, sequential I/O large (as in block traces of VMs). */
const RANDOM_SIZES = [[4096, 30], [8192, 28], [512, 10], [1024, 4], [1536, 4], [2048, 3], [2560, 4], [3072, 2], [3584, 2], [6656, 2], [12288, 2], [16384, 3], [32768, 2], [65536, 4]];
const SCAN_SIZES = [[65536, 55], [69632, 25], [61440, 12], [49152, 3], [53248, 3], [58880, 2]];

function sizeOf(table, id) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let u = hash(id) % total;
  for (const [bytes, w] of table) {
    if (u < w) return bytes;
    u -= w;
  }
  throw new Error('unreachable');
}

// Address regions (ids are block numbers; regions never overlap, so a size table is per region).
const HOT_BASE = 10_000_000; // HOT objects, chosen by a Zipf-like rank
const HOT = 14_000;
const WARM_BASE = 20_000_000; // a uniform region: one-off reads, some met again by chance
const WARM = 400_000;
const SCAN_BASE = 40_000_000; // sequential ranges, each block once per pass

/**
 * Seconds between two requests, by load: a baseline of about 3.5 requests a second, and bursts of 25 and 50 (the
 * shape of the CloudPhysics sample, which idles along at a few requests a second between bursts that carry most of
 * its requests). Phases of a few hundred to a few thousand requests alternate: in the baseline, cached blocks sit idle
 * long enough to expire (what the `age` strategy is about); a burst fills a cache within seconds.
 */
const LOADS = [(rnd) => (rnd() % 100 < 28 ? 1 : 0), (rnd) => (rnd() % 100 < 4 ? 1 : 0), (rnd) => (rnd() % 100 < 2 ? 1 : 0)];

/** Cumulative integer weights floor(2^24 / (rank + 6)), rank from 1: a Zipf curve of exponent 1 with a flattened head. */
function zipfTable(n) {
  const cum = new Uint32Array(n);
  let s = 0;
  for (let r = 0; r < n; r++) cum[r] = s += Math.floor(2 ** 24 / (r + 7));
  return cum;
}

function pick(cum, u) {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The trace as CSV text with a header line. */
export function blockioCsv(seed = SEED, requests = REQUESTS) {
  const rnd = prng(seed);
  const zipf = zipfTable(HOT);
  // hot ranks scattered over the region: rank r is block (r * 7919) mod HOT, so the hottest blocks are not adjacent
  const hotId = (r) => HOT_BASE + ((r * 7919) % HOT);
  const scans = []; // ranges scanned so far: [first block, length]
  let nextScan = SCAN_BASE;
  let scan = null; // the scan under way: { at, end }
  let t = 1;
  // it opens at the baseline, as the CloudPhysics sample does (its first 20 minutes, 4,400 requests, idle along)
  let load = LOADS[0];
  let phaseLeft = 4000;
  const out = ['time,id,size'];
  for (let i = 0; i < requests; i++) {
    if (phaseLeft-- === 0) {
      load = LOADS[rnd() % LOADS.length];
      phaseLeft = 300 + (rnd() % 2700);
    }
    t += load(rnd);
    if (rnd() % 4000 === 0) t += 30 + (rnd() % 300); // an idle spell
    if (!scan && rnd() % 10_000 < 11) {
      // a scan: 40% re-read an earlier range (of the last 20), else a new range
      const again = scans.length > 0 && rnd() % 100 < 40;
      const [first, len] = again ? scans[scans.length - 1 - (rnd() % Math.min(20, scans.length))] : [nextScan, 64 + (rnd() % 960)];
      if (!again) {
        scans.push([first, len]);
        nextScan += len;
      }
      scan = { at: first, end: first + len };
    }
    let id;
    let size;
    if (scan) {
      id = scan.at++;
      size = sizeOf(SCAN_SIZES, id);
      if (scan.at === scan.end) scan = null;
    } else if (rnd() % 100 < 76) {
      id = hotId(pick(zipf, rnd() % zipf[HOT - 1]));
      size = sizeOf(RANDOM_SIZES, id);
    } else {
      id = WARM_BASE + (rnd() % WARM);
      size = sizeOf(RANDOM_SIZES, id);
    }
    out.push(`${t},${id},${size}`);
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(blockioCsv());
