import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, makeTree, removeDir, snapshot, tempDir, writeFile } from '../helpers/cache.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';
import { DAY, MINUTE } from '../helpers/units.js';
import { expectPlanDocument, type PlanJson } from '../helpers/json.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** A cache with old entries (eligible under --max-age 1d), a young one, a fresh partial and a symlink out of it. */
function sampleCache(): { root: string; outside: string } {
  const now = Date.now();
  const root = makeCache({
    'old-a': { size: 100_000, mtimeMs: ago(10 * DAY, now), atimeMs: ago(9 * DAY, now) },
    'old-b': { size: 50_000, mtimeMs: ago(5 * DAY, now), atimeMs: ago(4 * DAY, now) },
    'old-dir': { dir: { f: { size: 20_000, mtimeMs: ago(3 * DAY, now), atimeMs: ago(3 * DAY, now) } }, mtimeMs: ago(3 * DAY, now) },
    // old mtime, but read an hour ago: atime makes it recently used
    'read-recently': { size: 10_000, mtimeMs: ago(30 * DAY, now), atimeMs: ago(60 * MINUTE, now) },
    young: { size: 10_000, mtimeMs: ago(MINUTE, now), atimeMs: ago(MINUTE, now) },
    'dl.part': { size: 10_000, mtimeMs: ago(2 * MINUTE, now), atimeMs: ago(2 * MINUTE, now) },
  });
  const outside = tempDir();
  writeFile(path.join(outside, 'target'), 30_000, { mtimeMs: ago(40 * DAY, now), atimeMs: ago(40 * DAY, now) });
  fs.symlinkSync(path.join(outside, 'target'), path.join(root, 'link'));
  fs.lutimesSync(path.join(root, 'link'), ago(40 * DAY, now) / 1000, ago(40 * DAY, now) / 1000);
  made.push(root, outside);
  return { root, outside };
}

const OLD = ['old-a', 'old-b', 'old-dir'];
const KEPT = ['dl.part', 'link', 'read-recently', 'young'];
const evicting = ['--max-age', '1d'];

describe('cachesweep clean (applying)', () => {
  it('bare `cachesweep DIR` applies the plan: old entries go, the rest stays, a symlink target is untouched', async () => {
    const { root, outside } = sampleCache();
    const outsideBefore = snapshot(outside);
    const r = await runCli([root, ...evicting]);
    expect({ code: r.code, run: describeRun(r) }).toEqual({ code: 0, run: describeRun(r) });
    expect(fs.readdirSync(root).sort()).toEqual(KEPT);
    expect(snapshot(outside)).toEqual(outsideBefore);
    expect(r.stdout).toMatch(/^evict 3 of 7 entries/m);
    expect(r.stdout).toMatch(/^deleted 3 entries/m);
  });

  it('`clean DIR --json` prints one JSON document with every documented field and what was applied', async () => {
    const { root } = sampleCache();
    const r = await runCli(['clean', root, ...evicting, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = parseJson<PlanJson>(r);
    expectPlanDocument(doc, { root, dryRun: false, applied: true });
    expect(doc.strategy).toBe('age');
    expect(doc.trigger).toEqual(expect.objectContaining({ kind: 'expiry', threshold: null, target: null, reached: true }));
    const by = Object.fromEntries(doc.entries.map((e) => [e.name, e]));
    expect(Object.keys(by).sort()).toEqual([...OLD, ...KEPT].sort());
    for (const n of OLD) expect(by[n]).toEqual(expect.objectContaining({ decision: 'evict', reason: 'expired' }));
    expect(by.young).toEqual(expect.objectContaining({ decision: 'keep', reason: 'too-young' }));
    expect(by['dl.part']).toEqual(expect.objectContaining({ decision: 'keep', reason: 'partial' }));
    expect(by.link).toEqual(expect.objectContaining({ decision: 'keep', reason: 'unknown', class: 'symlink' }));
    expect(by['read-recently']).toEqual(expect.objectContaining({ decision: 'keep', reason: 'not-expired' }));
    expect(by['old-a']!.apparentBytes).toBe(100_000);
    expect(by['old-a']!.bytes).toBeGreaterThanOrEqual(100_000);
    expect(by['old-a']!.idleSeconds).toBeGreaterThanOrEqual(9 * 86_400);
    expect(doc.applied).toEqual({ deleted: expect.any(Array), skipped: [], failed: [], freedBytes: doc.summary.evictBytes, interrupted: false });
    expect(doc.applied!.deleted.sort()).toEqual(OLD);
    expect(doc.after.cacheBytes).toBe(doc.before.cacheBytes - doc.summary.evictBytes);
    expect(fs.readdirSync(root).sort()).toEqual(KEPT);
  });

  it('prints plain aligned text when piped, without ANSI codes even when FORCE_COLOR is set', async () => {
    const { root } = sampleCache();
    const r = await runCli(['plan', root, ...evicting], { env: { FORCE_COLOR: '3' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).not.toMatch(/[┌│└─]/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ENTRY\s+CLASS\s+SIZE\s+IDLE\s+HITS\s+DECISION\s+REASON$/);
    const decisionCol = lines[0]!.indexOf('DECISION');
    for (const l of lines.slice(1, 8)) expect(l.slice(decisionCol)).toMatch(/^(evict|keep) /); // aligned columns
    expect(lines.at(-1)).toMatch(/^would evict 3 of 7 entries/);
    expect(fs.readdirSync(root).sort()).toEqual([...OLD, ...KEPT].sort());
  });

  it('--format table prints a bordered table (still no colour on a pipe)', async () => {
    const { root } = sampleCache();
    const r = await runCli(['plan', root, ...evicting, '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/┌/);
    expect(r.stdout).toMatch(/│ entry\s+│ class\s+│/);
    expect(r.stdout).toMatch(/│ old-a\s+│/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--quiet prints nothing on success, and applies', async () => {
    const { root } = sampleCache();
    const r = await runCli(['clean', root, ...evicting, '--quiet']);
    expect(r).toEqual(expect.objectContaining({ code: 0, stdout: '', stderr: '' }));
    expect(fs.readdirSync(root).sort()).toEqual(KEPT);
  });

  it('exits 0 and deletes nothing when nothing is due', async () => {
    const { root } = sampleCache();
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '30d', '--json']);
    expect(r.code).toBe(0);
    const doc = parseJson<PlanJson>(r);
    expect(doc.summary.evictCount).toBe(0);
    expect(doc.applied!.deleted).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('--protect keeps matching entries, whatever their age', async () => {
    const { root } = sampleCache();
    const r = await runCli(['clean', root, ...evicting, '--protect', 'old-*', '--protect', 'nothing', '--json']);
    expect(r.code).toBe(0);
    const doc = parseJson<PlanJson>(r);
    for (const n of ['old-a', 'old-b', 'old-dir']) {
      expect(doc.entries.find((e) => e.name === n)).toEqual(expect.objectContaining({ decision: 'keep', reason: 'protected' }));
    }
    expect(fs.readdirSync(root).sort()).toEqual([...OLD, ...KEPT].sort());
  });

  it('evicts stale partial downloads as expired and keeps fresh ones', async () => {
    const root = tempDir();
    made.push(root);
    makeTree(root, {
      'stale.part': { size: 1_000, mtimeMs: ago(2 * DAY), atimeMs: ago(2 * DAY) },
      'fresh.tmp': { size: 1_000, mtimeMs: ago(MINUTE * 30), atimeMs: ago(MINUTE * 30) },
    });
    const r = await runCli(['clean', root, '--max-age', '30d', '--json']);
    expect(r.code).toBe(0);
    const doc = parseJson<PlanJson>(r);
    expect(doc.entries.find((e) => e.name === 'stale.part')).toEqual(expect.objectContaining({ decision: 'evict', reason: 'expired' }));
    expect(doc.entries.find((e) => e.name === 'fresh.tmp')).toEqual(expect.objectContaining({ decision: 'keep', reason: 'partial' }));
    expect(fs.readdirSync(root)).toEqual(['fresh.tmp']);
  });
});
