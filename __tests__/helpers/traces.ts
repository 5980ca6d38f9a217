import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './paths.js';

/** The shared traces: ../shared/traces beside the checkout (CI has shared/ beside the clone). */
export const TRACES_DIR = path.resolve(REPO, '..', 'shared', 'traces');

/** A shared trace's path; a clear failure (never a skip) when it is missing. */
export function tracePath(name: 'adaptsize_request.csv' | 'cloudphysics_io.csv'): string {
  const p = path.join(TRACES_DIR, name);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: these tests need the shared traces in ../shared/traces beside the repository (see the README there)`);
  }
  return p;
}

/** A request as the tests' own simple reader gives it. */
export interface Req {
  time: number;
  id: number;
  size: number;
}

const cache = new Map<string, Req[]>();

/** A shared trace read with a plain split (independent of src/sim's readers), cached per test file. */
export function loadTrace(name: 'adaptsize_request.csv' | 'cloudphysics_io.csv'): Req[] {
  const hit = cache.get(name);
  if (hit) return hit;
  const lines = fs.readFileSync(tracePath(name), 'utf8').trim().split('\n');
  if (lines[0] !== 'time,id,size') throw new Error(`${name}: unexpected header ${lines[0]}`);
  const reqs = lines.slice(1).map((l) => {
    const [time, id, size] = l.split(',').map(Number);
    return { time: time!, id: id!, size: size! };
  });
  cache.set(name, reqs);
  return reqs;
}
