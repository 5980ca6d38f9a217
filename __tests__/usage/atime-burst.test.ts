import fc from 'fast-check';
import type { Entry } from '../../src/shared/types.js';
import { ATIME_BURST, atimeBurstWarning, findAtimeBurst } from '../../src/usage/atime-burst.js';
import { NOW, makeEntry, usageOf } from '../helpers/fixtures.js';
import { DAY, MINUTE as MIN } from '../helpers/units.js';

/** n images written 30 days ago and read `readAgoMs[i]` before NOW. */
function readAt(prefix: string, readAgoMs: readonly number[], writtenAgoMs = 30 * DAY): Entry[] {
  return readAgoMs.map((ago, i) => makeEntry(`${prefix}${i}`, { mtimeMs: NOW - writtenAgoMs, atimeMs: NOW - ago }));
}

const burst = (entries: Entry[], inUse: readonly string[] = []) =>
  findAtimeBurst(entries, usageOf(entries, Object.fromEntries(inUse.map((n) => [n, { inUse: ['open by pid 1 (qemu)'] }]))));

describe('findAtimeBurst: the rule in docs/usage.md', () => {
  it('is stated once: at least 5 entries not in use, 80% of them read within 10 minutes, at least a day after written', () => {
    expect(ATIME_BURST).toEqual({ minEntries: 5, share: 0.8, windowMs: 10 * MIN, readAfterWriteMs: DAY });
  });

  it('md5sum over every image a minute ago: found, with its window', () => {
    const entries = readAt('img', [60_000, 70_000, 80_000, 90_000, 100_000, 110_000]);
    expect(burst(entries)).toEqual({ count: 6, of: 6, fromMs: NOW - 110_000, toMs: NOW - 60_000 });
  });

  it('fewer than 5 entries not in use say nothing', () => {
    expect(burst(readAt('img', [MIN, MIN, MIN, MIN]))).toBeUndefined();
  });

  it('80% is enough, 70% is not', () => {
    const old = (n: number) => readAt('old', Array.from({ length: n }, (_, i) => (10 + i) * DAY));
    expect(burst([...readAt('img', Array(8).fill(MIN)), ...old(2)])).toMatchObject({ count: 8, of: 10 });
    expect(burst([...readAt('img', Array(7).fill(MIN)), ...old(3)])).toBeUndefined();
  });

  it('the window is 10 minutes from first to last read, both ends included', () => {
    expect(burst(readAt('img', [MIN, MIN, MIN, 11 * MIN, 11 * MIN]))).toMatchObject({ count: 5 });
    expect(burst(readAt('img', [MIN, MIN, MIN, 11 * MIN + 1, 11 * MIN + 1]))).toBeUndefined();
  });

  it('reads right after the writes are downloads, not a bulk read', () => {
    expect(burst(readAt('img', Array(6).fill(MIN), DAY - 2 * MIN + 1))).toBeUndefined();
    expect(burst(readAt('img', Array(6).fill(MIN), DAY + MIN))).toMatchObject({ count: 6 });
  });

  it('in-use entries never count: Nova reads the images its instances use on every pass', () => {
    const used = readAt('used', Array(10).fill(2 * MIN));
    const idle = readAt('idle', [5 * DAY, 6 * DAY, 7 * DAY]);
    expect(burst([...used, ...idle], used.map((e) => e.name))).toBeUndefined();
    // ...nor toward the share: six idle images read together among twenty in use is a bulk read
    const read = readAt('img', Array(6).fill(MIN));
    const busy = readAt('busy', Array.from({ length: 20 }, (_, i) => (i + 1) * DAY));
    expect(burst([...read, ...busy], busy.map((e) => e.name))).toMatchObject({ count: 6, of: 6 });
  });

  it('symbolic links and mount points (unknown) do not count', () => {
    const links = Array.from({ length: 6 }, (_, i) => makeEntry(`link${i}`, { mtimeMs: NOW - 30 * DAY, atimeMs: NOW - MIN, unknownWhy: 'symbolic link' }));
    expect(burst(links)).toBeUndefined();
  });

  it('adding entries in use never changes the answer', () => {
    const ago = fc.integer({ min: 0, max: 40 * DAY });
    fc.assert(
      fc.property(fc.array(fc.tuple(ago, ago), { maxLength: 30 }), fc.array(fc.tuple(ago, ago), { maxLength: 30 }), (idle, used) => {
        const mk = (p: string, ts: [number, number][]) => ts.map(([m, a], i) => makeEntry(`${p}${i}`, { mtimeMs: NOW - m, atimeMs: NOW - a }));
        const idleEntries = mk('idle', idle);
        const usedEntries = mk('used', used);
        expect(burst([...idleEntries, ...usedEntries], usedEntries.map((e) => e.name))).toEqual(burst(idleEntries));
      }),
    );
  });
});

describe('atimeBurstWarning', () => {
  it('names the numbers, when, the likely cause and --no-atime', () => {
    const w = atimeBurstWarning({ count: 9, of: 10, fromMs: NOW - 3 * MIN, toMs: NOW - 2 * MIN }, NOW);
    expect(w).toBe(
      'access times look reset: 9 of 10 entries not in use were last read within 10m of each other (around 2025-01-15T11:58Z, 2m ago), ' +
        'each at least 1d after it was last written, as when something reads every file (md5sum, a backup, a virus scan); ' +
        'their idle times count from that read. If so, run with --no-atime: only modification times and recorded uses count',
    );
  });
});
