/**
 * Pins that end and pins ahead of time, through the built binary with the hidden test clock (--now): a pin --for 2s
 * protects, then stops protecting with no unpin; a name pinned before it exists is pinned when it appears; status,
 * history and the plan say when a pin ends; a config file pins new entries by glob for a while after they appear.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeCache, tempDir, writeFile } from '../../helpers/cache.js';
import { DAY } from '../../helpers/units.js';
import { parseJson, runCli } from '../../helpers/run.js';

const T = Date.UTC(2026, 11, 7, 5, 0, 0);
const at = (ms: number): string[] => ['--now', new Date(ms).toISOString()];
const old = { size: 8192, mtimeMs: T - 10 * DAY };
const stateOf = (): string => path.join(tempDir('cachesweep-state-'), 'state');

interface Entry {
  name: string;
  decision: string;
  reason: string;
  detail: string | null;
}
const entry = (doc: { entries: Entry[] }, name: string): Entry => doc.entries.find((e) => e.name === name)!;

describe('pin --for / --until', () => {
  it('a pin for 2s protects, says when it ends, and stops protecting by itself', async () => {
    const cache = makeCache({ 'a.img': old, 'b.img': old });
    const stateDir = stateOf();
    const pin = await runCli(['pin', cache, 'a.img', '--for', '2s', ...at(T)], { stateDir });
    expect([pin.code, pin.stdout]).toEqual([0, 'pinned a.img until 2026-12-07T05:00:02Z\n']);
    const during = parseJson<{ entries: Entry[] }>(await runCli(['plan', cache, '--max-age', '1d', '--json', ...at(T + 1000)], { stateDir }));
    expect(entry(during, 'a.img')).toMatchObject({ decision: 'keep', reason: 'pinned', detail: 'until 2026-12-07T05:00:02Z' });
    const status = await runCli(['status', cache, ...at(T + 1000)], { stateDir });
    expect(status.stdout).toMatch(/^a\.img .* pinned until 2026-12-07T05:00:02Z$/m);
    const kept = await runCli(['evict', cache, 'a.img', ...at(T + 1999)], { stateDir });
    expect(kept.code).toBe(4);
    expect(fs.existsSync(path.join(cache, 'a.img'))).toBe(true);
    // At its end the pin protects nothing: a clean takes the entry, nobody ran unpin.
    const clean = await runCli(['clean', cache, '--max-age', '1d', ...at(T + 3000)], { stateDir });
    expect(clean.code).toBe(0);
    expect(fs.readdirSync(cache)).toEqual([]);
    const history = await runCli(['history', cache, ...at(T + 3000)], { stateDir });
    expect(history.stdout).toMatch(/^pin a\.img: since 2026-12-07T05:00:00Z, ended 2026-12-07T05:00:02Z$/m);
    const json = parseJson<{ pins: unknown[] }>(await runCli(['history', cache, '--json', ...at(T + 3000)], { stateDir }));
    expect(json.pins).toEqual([{ name: 'a.img', pinned: '2026-12-07T05:00:00.000Z', until: '2026-12-07T05:00:02.000Z', ended: true }]);
  });

  it('a name pinned before it exists is pinned when it appears (until its end)', async () => {
    const cache = makeCache({ 'other.img': old });
    const stateDir = stateOf();
    const pin = await runCli(['pin', cache, 'warm.img', '--until', '2026-12-24', ...at(T)], { stateDir });
    expect(pin.stdout).toBe('pinned warm.img until 2026-12-24T00:00:00Z (not in the cache yet: the pin applies when it appears)\n');
    writeFile(path.join(cache, 'warm.img'), 4096, { mtimeMs: T - 5 * DAY });
    const plan = parseJson<{ entries: Entry[] }>(await runCli(['plan', cache, '--max-age', '1d', '--json', ...at(T + DAY)], { stateDir }));
    expect(entry(plan, 'warm.img')).toMatchObject({ reason: 'pinned', detail: 'until 2026-12-24T00:00:00Z' });
    const after = parseJson<{ entries: Entry[] }>(await runCli(['plan', cache, '--max-age', '1d', '--json', ...at(Date.UTC(2026, 11, 24))], { stateDir }));
    expect(entry(after, 'warm.img')).toMatchObject({ decision: 'evict', reason: 'expired' });
  });

  it('refuses a bad end, one already past, or both: exit 2, nothing written', async () => {
    const cache = makeCache({ 'a.img': old });
    for (const bad of [['--for', '0s'], ['--for', 'soon'], ['--until', '2026-12-01'], ['--until', '2026-12-24T10:00'], ['--for', '1d', '--until', '2026-12-24']]) {
      const r = await runCli(['pin', cache, 'a.img', ...bad, ...at(T)]);
      expect([bad, r.code, r.stderr]).toEqual([bad, 2, expect.stringMatching(/^cachesweep: (--for|--until|pin):[^\n]*\n$/)]);
      expect(fs.existsSync(r.stateDir!)).toBe(false);
    }
    expect((await runCli(['pin', cache, 'no/such/dir.img'])).code).toBe(2); // could never be an entry
  });

  it('a glob is not a name to pin ahead of time: refused, nothing written; an entry named so is pinned', async () => {
    // `pin DIR '*'` pinned the literal name `*` ("not in the cache yet") and protected nothing.
    const cache = makeCache({ 'a.img': old, 'b[1].img': old });
    for (const glob of ['*', 'golden-*', 'a.im?']) {
      const r = await runCli(['pin', cache, 'a.img', glob, ...at(T)]);
      expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({
        code: 2,
        out: '',
        err: `cachesweep: pin: '${glob}' is not in the cache, and pin takes names, not globs; to keep every entry it matches, give --protect '${glob}' (or protect: in the config file)\n`,
      });
      expect(fs.existsSync(r.stateDir!)).toBe(false);
    }
    const ok = await runCli(['pin', cache, 'b[1].img', ...at(T)]);
    expect({ code: ok.code, out: ok.stdout }).toEqual({ code: 0, out: 'pinned b[1].img\n' });
  });
});

describe('pin-new in a config file', () => {
  it('pins entries matching a glob for a while from when each appeared', async () => {
    const cache = makeCache({ 'warm-new.img': { size: 4096, mtimeMs: T - 2 * DAY }, 'warm-old.img': { size: 4096, mtimeMs: T - 10 * DAY }, 'x.img': old });
    const dir = tempDir('cachesweep-conf-');
    fs.writeFileSync(path.join(dir, 'c.yaml'), `pin-new:\n  - 'warm-*=7d'\n`);
    const r = await runCli(['plan', cache, '--config', path.join(dir, 'c.yaml'), '--max-age', '1d', '--json', ...at(T)]);
    const doc = parseJson<{ entries: Entry[] }>(r);
    expect(entry(doc, 'warm-new.img')).toMatchObject({ reason: 'pinned', detail: "until 2026-12-12T05:00:00Z (--pin-new 'warm-*=7d', from when it appeared)" });
    expect(entry(doc, 'warm-old.img')).toMatchObject({ decision: 'evict', reason: 'expired' });
    expect(entry(doc, 'x.img')).toMatchObject({ decision: 'evict' });
    const bad = await runCli(['plan', cache, '--pin-new', 'warm-*', ...at(T)]);
    expect([bad.code, bad.stderr]).toEqual([2, "cachesweep: --pin-new: 'warm-*' is not GLOB=DURATION (e.g. 'warm-*=7d')\n"]);
  });
});

