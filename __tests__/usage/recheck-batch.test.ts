/**
 * The re-check before each deletion costs per batch of victims, not per victim times per process: one walk of
 * /proc (real processes here) serves the victims it covered while it is fresh, and is made again once it is older
 * than max(2 x its duration, the floor), or for a victim it did not cover.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { OpenFilesDetector } from '../../src/usage/open-files.js';
import { RECHECK_FIRST, Rechecker } from '../../src/usage/recheck-batch.js';
import { cleanup, holdOpen, tempDir } from '../helpers/in-use.js';

afterEach(cleanup);

/** A monotonic clock the test moves by hand. */
function manualClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** `n` directory entries d0..d(n-1), each holding one file, and the open-files detector over them. */
function dirs(n: number) {
  const root = tempDir();
  for (let i = 0; i < n; i++) {
    fs.mkdirSync(path.join(root, `d${i}`));
    fs.writeFileSync(path.join(root, `d${i}`, 'f'), 'x');
  }
  const entries = scan(root).entries.sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)));
  return { root, entries, detector: new OpenFilesDetector({ root, warn: () => undefined }) };
}

it('one walk of /proc serves a batch while it is fresh; a use that began after it is seen once it is stale', async () => {
  const { root, entries, detector } = dirs(RECHECK_FIRST);
  const clock = manualClock();
  const r = new Rechecker([detector], entries, { batch: 500, floorMs: 200, clock: clock.now });
  const last = RECHECK_FIRST - 1;
  for (const e of entries.slice(0, last)) expect(await r.check(e, 0)).toBeNull();
  expect(r.surveysMade.get('open-files')).toBe(1);
  const late = await holdOpen(path.join(root, `d${last}`, 'f'));
  clock.advance(150); // within the floor: the survey made before the open still answers
  expect(await r.check(entries[last]!, 0)).toBeNull();
  clock.advance(100); // 250 ms old: stale, surveyed again
  expect(await r.check(entries[last]!, 0)).toBe(`still in use: open by pid ${late.pid} (sleep)`);
  expect(r.surveysMade.get('open-files')).toBe(2);
});

it('a survey covers RECHECK_FIRST victims, then twice what the last one served, at most `batch`', async () => {
  const { entries, detector } = dirs(RECHECK_FIRST * 7 + 40);
  const clock = manualClock();
  const r = new Rechecker([detector], entries, { batch: RECHECK_FIRST * 4, clock: clock.now });
  for (const e of entries) expect(await r.check(e, 0)).toBeNull();
  // RECHECK_FIRST, 2x, 4x (the batch), then 40 more: four surveys for 7 x RECHECK_FIRST + 40 victims
  expect(r.surveysMade.get('open-files')).toBe(4);
});

it('a victim the deletion leases is not surveyed for open files; one it does not lease is', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'a'), 'x');
  const held = await holdOpen(path.join(root, 'a'));
  const entries = scan(root).entries;
  const r = new Rechecker([new OpenFilesDetector({ root, warn: () => undefined })], entries);
  expect(await r.check(entries[0]!, 0, true)).toBeNull();
  expect(r.surveysMade.get('open-files')).toBeUndefined();
  expect(await r.check(entries[0]!, 0, false)).toBe(`still in use: open by pid ${held.pid} (sleep)`);
});
