/**
 * A terminal plan of many entries stays readable: on a real pseudo-terminal the table lists the victims and counts
 * the kept entries by reason once there are more than KEPT_LISTED of them; --all-entries lists every one; piped
 * (plain) and --json output carry every entry whatever the count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KEPT_LISTED } from '../../../src/report/columns.js';
import { ago, makeTree, removeDir, tempDir } from '../../helpers/cache.js';
import { DAY } from '../../helpers/units.js';
import { parseJson, runCli } from '../../helpers/run.js';
import { linesWiderThan, runInTerminal, screenLines } from '../../helpers/tty.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** `old` victims (idle 3 days), `fresh` too-young entries, and one protected entry. */
function cache(old: number, fresh: number): { root: string; state: string } {
  const top = tempDir('cachesweep-kept-');
  made.push(top);
  const root = path.join(top, 'cache');
  fs.mkdirSync(root);
  const spec: Record<string, { size: number; mtimeMs?: number; atimeMs?: number }> = {};
  for (let i = 0; i < old; i++) spec[`old-${i}`] = { size: 100, mtimeMs: ago(3 * DAY), atimeMs: ago(3 * DAY) };
  for (let i = 0; i < fresh; i++) spec[`fresh-${String(i).padStart(3, '0')}`] = { size: 100 };
  spec['keep-me'] = { size: 100, mtimeMs: ago(3 * DAY), atimeMs: ago(3 * DAY) };
  makeTree(root, spec);
  return { root, state: path.join(top, 'state') };
}

const rowsNamed = (lines: string[], prefix: string): string[] => lines.filter((l) => new RegExp(`^│ ${prefix}`).test(l));

describe('plan on a terminal', () => {
  const FRESH = KEPT_LISTED * 3;

  it('lists the victims and counts the kept by reason, the first names of each, when more than KEPT_LISTED are kept', async () => {
    const { root, state } = cache(3, FRESH);
    for (const cols of [60, 80]) {
      const r = await runInTerminal(['plan', root, '--state-dir', state, '--protect', 'keep-*'], cols);
      expect(r.code).toBe(0);
      const lines = screenLines(r.output);
      expect(rowsNamed(lines, 'old-')).toHaveLength(3);
      expect(rowsNamed(lines, 'fresh-')).toEqual([]);
      expect(lines).toContainEqual(expect.stringMatching(/^kept 61 entries, .* by reason \(--all-entries/));
      expect(lines.find((l) => /│ too-young/.test(l))).toMatch(new RegExp(`│ too-young +│ +${FRESH} │.*fresh-000`));
      expect(lines.find((l) => /│ protected/.test(l))).toMatch(/│ protected +│ +1 │.*keep-me/);
      expect(lines).toContainEqual(expect.stringMatching(/^would evict 3 of 64 entries/));
      expect(linesWiderThan(r.output, cols)).toEqual([]);
    }
  }, 60_000);

  it('--all-entries lists every entry, one row each', async () => {
    const { root, state } = cache(3, FRESH);
    const r = await runInTerminal(['plan', root, '--state-dir', state, '--all-entries'], 80);
    const lines = screenLines(r.output);
    expect(rowsNamed(lines, 'fresh-')).toHaveLength(FRESH);
    expect(lines.some((l) => l.startsWith('kept '))).toBe(false);
  }, 60_000);

  it(`lists every entry while at most KEPT_LISTED are kept`, async () => {
    const { root, state } = cache(3, KEPT_LISTED - 1);
    const lines = screenLines((await runInTerminal(['plan', root, '--state-dir', state], 80)).output);
    expect(rowsNamed(lines, 'fresh-')).toHaveLength(KEPT_LISTED - 1);
    expect(rowsNamed(lines, 'keep-me')).toHaveLength(1);
  }, 60_000);

  it('piped (plain) and --json carry every entry', async () => {
    const { root, state } = cache(3, FRESH);
    const plain = await runCli(['plan', root], { stateDir: state });
    expect(plain.stdout.split('\n').filter((l) => /^fresh-/.test(l))).toHaveLength(FRESH);
    const json = parseJson(await runCli(['plan', root, '--json'], { stateDir: state }));
    expect(json.entries).toHaveLength(FRESH + 4);
  }, 60_000);
});
