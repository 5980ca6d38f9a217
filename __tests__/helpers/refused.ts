/** A cache a default clean would empty, and the check that a run was refused in one line with nothing deleted. */
import path from 'node:path';
import { snapshot } from './cache.js';
import { age, rawImage, tempDir } from './in-use.js';
import { runCli } from './run.js';
import { DAY } from './units.js';

/** Two 4 KiB files idle 3 days, `a.img` and `b.img`: the default clean (max-age 1d) deletes both. */
export function oldCache(): string {
  const root = path.join(tempDir(), 'cache');
  for (const n of ['a.img', 'b.img']) {
    rawImage(path.join(root, n), 4096);
    age(path.join(root, n), 3 * DAY);
  }
  return root;
}

/** `cachesweep clean ROOT ...flags` exits 2 with exactly `line` on stderr, nothing on stdout, and the cache as it was. */
export async function expectRefused(root: string, flags: readonly string[], line: string): Promise<void> {
  const before = snapshot(root);
  const r = await runCli(['clean', root, ...flags]);
  expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 2, out: '', err: `${line}\n` });
  expect(snapshot(root)).toEqual(before);
}
