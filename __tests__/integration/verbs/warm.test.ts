/**
 * --warm-grace through the built binary on a real cache: an image written (pre-cached) hours ago and never read is
 * kept as `warm` under pressure while older, used ones go, by default (24h); without the grace it is lru's victim;
 * once the grace is over it goes as any entry would.
 */
import fs from 'node:fs';
import { makeCache } from '../../helpers/cache.js';
import { parseJson, runCli } from '../../helpers/run.js';
import { DAY, HOUR, MiB } from '../../helpers/units.js';

interface Doc {
  entries: { name: string; decision: string; reason: string; detail: string | null }[];
}
const decisions = (d: Doc): Record<string, string> => Object.fromEntries(d.entries.map((e) => [e.name, `${e.decision} ${e.reason}`]));

describe('warm entries under pressure', () => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const cache = makeCache({
    'warmed.img': { size: MiB, mtimeMs: now - 6 * HOUR }, // pre-cached, never read: atime = mtime
    'read.img': { size: MiB, mtimeMs: now - 5 * DAY, atimeMs: now - HOUR },
    'old.img': { size: MiB, mtimeMs: now - 3 * DAY, atimeMs: now - 2 * DAY },
  });
  const lru = ['--strategy', 'lru', '--threshold', '2M', '--target', '1M', '--json', '--now', new Date(now).toISOString()];

  it('keeps a never-used entry within the default grace, with its reason, while older used ones go', async () => {
    const doc = parseJson<Doc>(await runCli(['plan', cache, ...lru]));
    expect(decisions(doc)).toEqual({ 'old.img': 'evict over-threshold', 'read.img': 'evict over-threshold', 'warmed.img': 'keep warm' });
    expect(doc.entries.find((e) => e.name === 'warmed.img')!.detail).toBe(
      `arrived ${new Date(now - 6 * HOUR).toISOString().replace('.000', '')}, not used since; grace ends ${new Date(now + 18 * HOUR).toISOString().replace('.000', '')}`,
    );
    const clean = await runCli(['clean', cache, ...lru]);
    expect(clean.code).toBe(0);
    expect(fs.readdirSync(cache)).toEqual(['warmed.img']);
  });

  it('without the grace, or once it is over, the warmed image is an entry like any other', async () => {
    const c2 = makeCache({ 'warmed.img': { size: MiB, mtimeMs: now - 6 * HOUR }, 'read.img': { size: MiB, mtimeMs: now - 5 * DAY, atimeMs: now - HOUR }, 'old.img': { size: MiB, mtimeMs: now - 3 * DAY, atimeMs: now - 2 * DAY } });
    const off = parseJson<Doc>(await runCli(['plan', c2, ...lru, '--warm-grace', '0']));
    expect(decisions(off)['warmed.img']).toBe('evict over-threshold');
    const over = parseJson<Doc>(await runCli(['plan', c2, ...lru, '--warm-grace', '5h']));
    expect(decisions(over)['warmed.img']).toBe('evict over-threshold');
  });
});
