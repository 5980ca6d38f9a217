import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { blockioCsv } from '../../data/traces/blockio.mjs';
import { tempDir } from './cache.js';
import { REPO } from './paths.js';

/** The traces the tests replay: both from inside the repository (data/traces/README.md says where each comes from). */
export const TRACES_DIR = path.join(REPO, 'data', 'traces');

/**
 * `adaptsize_request.csv`: the AdaptSize request trace, vendored. `blockio.csv`: the synthetic block-I/O trace that
 * data/traces/blockio.mjs generates (libCacheSim's figures for it are in the README there).
 */
export type TraceName = 'adaptsize_request.csv' | 'blockio.csv';

export const sha256 = (text: string | Buffer): string => crypto.createHash('sha256').update(text).digest('hex');

let generated: string | undefined;

/** The generated trace as a file (the CLI tests need a path): one per test file, removed after it. */
function blockioPath(): string {
  if (generated) return generated;
  const dir = tempDir('cachesweep-trace-');
  generated = path.join(dir, 'blockio.csv');
  fs.writeFileSync(generated, blockioCsv());
  return generated;
}

afterAll(() => {
  if (generated) fs.rmSync(path.dirname(generated), { recursive: true, force: true });
  generated = undefined;
});

/** A trace's path; a clear failure (never a skip) when the vendored one is missing. */
export function tracePath(name: TraceName): string {
  if (name === 'blockio.csv') return blockioPath();
  const p = path.join(TRACES_DIR, name);
  if (!fs.existsSync(p)) throw new Error(`${p} is missing: it is part of the repository (see data/traces/README.md)`);
  return p;
}

/** A request as the tests' own simple reader gives it. */
export interface Req {
  time: number;
  id: number;
  size: number;
}

const cache = new Map<string, Req[]>();

/** A trace read with a plain split (independent of src/sim's readers), cached per test file. */
export function loadTrace(name: TraceName): Req[] {
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
