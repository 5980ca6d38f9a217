import fs from 'node:fs';
import path from 'node:path';
import type { Key } from '../../../src/sim/types.js';
import type { TraceInfo, TraceProblem, TraceSource } from '../../../src/sim/trace/types.js';
import { tempDir } from '../../helpers/cache.js';

export interface ReadBack {
  keys: Key[];
  sizes: number[];
  times: number[];
  problems: TraceProblem[];
  info: TraceInfo;
}

/** Read a whole trace source into arrays, collecting its problems. */
export async function readAll(source: TraceSource): Promise<ReadBack> {
  const out: ReadBack = { keys: [], sizes: [], times: [], problems: [], info: { hasTime: false } };
  out.info = await source.read(
    (c) => {
      for (let i = 0; i < c.n; i++) {
        out.keys.push(c.keys[i]!);
        out.sizes.push(c.sizes[i]!);
        out.times.push(c.times[i]!);
      }
    },
    (p) => void out.problems.push(p),
  );
  return out;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A file with this content in a fresh temporary directory (removed after the test file). */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = tempDir('cachesweep-trace-');
  dirs.push(dir);
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Every problem names a line of the content it was read from (1 to the number of lines). */
export function expectProblemsOnLines(problems: readonly TraceProblem[], content: string): void {
  const lines = content.split('\n').length;
  for (const p of problems) {
    const n = Number(/^line (\d+)$/.exec(p.where)?.[1]);
    expect(n >= 1 && n <= lines).toBe(true);
  }
}
