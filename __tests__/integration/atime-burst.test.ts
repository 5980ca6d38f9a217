/**
 * Someone verified every image with md5sum: each was last read a moment ago, a month after it was written. plan,
 * clean and status say so once, naming the likely cause and --no-atime, and the plan's JSON carries the warning;
 * images read at different times, or read because instances use them, say nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, removeDir, type NodeSpec } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';

const MARK = 'access times look reset';
const count = (text: string): number => text.split(MARK).length - 1;
const images = (n: number, prefix = 'img'): Record<string, NodeSpec> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}-${i}.qcow2`, { size: 8192, mtimeMs: ago(30 * DAY), atimeMs: ago(30 * DAY) }]));

/** Read every file named, as `md5sum` does when someone verifies the images (the kernel sets their atimes). */
function md5sum(dir: string, names: string[]): void {
  execFileSync('md5sum', names.map((n) => path.join(dir, n)), { stdio: 'ignore' });
}

const made: string[] = [];
afterAll(() => made.forEach((d) => removeDir(d)));

function verifiedCache(): string {
  const cache = makeCache({ ...images(6), 'notes.txt': { size: 100, mtimeMs: ago(2 * DAY), atimeMs: ago(2 * DAY) } });
  made.push(cache);
  md5sum(cache, Object.keys(images(6)));
  return cache;
}

describe('after a bulk read of the cache', () => {
  it('the files really were read now (the test means what it says)', () => {
    const cache = verifiedCache();
    const st = fs.statSync(path.join(cache, 'img-0.qcow2'));
    expect(Date.now() - st.atimeMs).toBeLessThan(10 * 60_000);
    expect(st.atimeMs - st.mtimeMs).toBeGreaterThan(29 * DAY);
  });

  it('plan warns once, keeps everything too-young, and its JSON carries the warning', async () => {
    const cache = verifiedCache();
    const r = await runCli(['plan', cache]);
    expect(r.code).toBe(0);
    expect(count(r.stderr)).toBe(1);
    expect(r.stderr).toMatch(/6 of 7 entries not in use were last read within 10m of each other/);
    expect(r.stderr).toContain('md5sum');
    expect(r.stderr).toContain('--no-atime');
    const doc = parseJson(await runCli(['plan', cache, '--json']));
    expect((doc.warnings as string[]).filter((w) => w.startsWith(MARK))).toHaveLength(1);
    expect((doc.entries as { reason: string }[]).filter((e) => e.reason === 'too-young')).toHaveLength(6);
  });

  it('status warns once; clean warns once and deletes nothing', async () => {
    const cache = verifiedCache();
    const status = await runCli(['status', cache]);
    expect(status.code).toBe(0);
    expect(count(status.stderr)).toBe(1);
    const clean = await runCli(['clean', cache]);
    expect(clean.code).toBe(0);
    expect(count(clean.stderr)).toBe(1);
    // the images stay (too-young); only the notes, idle two days by their own times, go
    expect(fs.readdirSync(cache).sort()).toEqual(Object.keys(images(6)).sort());
  });

  it('with --no-atime: no warning, and the month-old images expire', async () => {
    const cache = verifiedCache();
    const r = await runCli(['plan', cache, '--no-atime', '--json']);
    expect(count(r.stderr)).toBe(0);
    const doc = parseJson(r);
    expect(count(JSON.stringify(doc.warnings))).toBe(0);
    expect(doc.summary.evictCount).toBe(7);
  });
});

describe('no warning', () => {
  it('when the images were read on different days', async () => {
    const spec = images(6);
    Object.values(spec).forEach((s, i) => ((s as { atimeMs: number }).atimeMs = ago((i + 1) * DAY)));
    const cache = makeCache(spec);
    made.push(cache);
    const r = await runCli(['plan', cache]);
    expect(r.code).toBe(0);
    expect(count(r.stderr)).toBe(0);
  });

  it('when what was read together is in use (Nova reads the images its instances use)', async () => {
    const cache = makeCache({ ...images(6, 'used'), ...images(3, 'idle') });
    made.push(cache);
    const used = Object.keys(images(6, 'used'));
    md5sum(cache, used);
    const list = path.join(path.dirname(cache), `${path.basename(cache)}.in-use`);
    fs.writeFileSync(list, `${used.join('\n')}\n`);
    made.push(list);
    const r = await runCli(['plan', cache, '--in-use-from', list, '--json']);
    expect(r.code).toBe(0);
    expect(count(r.stderr)).toBe(0);
    const doc = parseJson(r);
    expect((doc.entries as { reason: string }[]).filter((e) => e.reason === 'in-use')).toHaveLength(6);
    expect(count(JSON.stringify(doc.warnings))).toBe(0);
    expect(describeRun(r)).not.toContain(MARK);
  });
});
